"""
A real S3 API server on loopback (moto's server mode, in a thread of the test process) and a
bucket of each test's own, with the project's storages pointed at it: the tests talk to it
over HTTP through django-storages and boto3, as the app talks to AWS or MinIO.
"""

import uuid

import boto3
import pytest
from moto.server import ThreadedMotoServer

from vawg_tracker.settings import s3_storages

from ..project.test_backup_restore import fresh_database_url  # noqa: F401 (a fixture)
from ..publication.test_snapshot import world  # noqa: F401 (a fixture)

KEYS = {"access_key": "testing-key", "secret_key": "testing-secret"}
REGION = "eu-west-2"


@pytest.fixture(scope="session")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


class Bucket:
    """A bucket on the server, seen through boto3 (not through the app's storages)."""

    def __init__(self, endpoint_url):
        self.endpoint_url = endpoint_url
        self.name = f"vawg-{uuid.uuid4().hex[:16]}"
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=REGION,
            aws_access_key_id=KEYS["access_key"],
            aws_secret_access_key=KEYS["secret_key"],
        )
        self.client.create_bucket(
            Bucket=self.name, CreateBucketConfiguration={"LocationConstraint": REGION}
        )

    def objects(self, prefix=""):
        listed = self.client.list_objects_v2(Bucket=self.name, Prefix=prefix)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def read(self, key):
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def head(self, key):
        return self.client.head_object(Bucket=self.name, Key=key)

    def delete(self, key):
        self.client.delete_object(Bucket=self.name, Key=key)

    def storages(self):
        """The project's STORAGES entries for this bucket (settings.s3_storages)."""
        return s3_storages(
            bucket_name=self.name,
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            addressing_style="path",
            **KEYS,
        )

    def environment(self):
        """The variables that point a manage.py process at this bucket."""
        return {
            "AWS_STORAGE_BUCKET_NAME": self.name,
            "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_S3_ADDRESSING_STYLE": "path",
            "AWS_ACCESS_KEY_ID": KEYS["access_key"],
            "AWS_SECRET_ACCESS_KEY": KEYS["secret_key"],
        }


@pytest.fixture
def configured_bucket(s3_server, settings):
    """A new bucket, configured as the object store; files are still kept in the folders."""
    bucket = Bucket(s3_server)
    settings.FILE_STORES = {**settings.FILE_STORES, "s3": bucket.storages()}
    return bucket


@pytest.fixture
def bucket(configured_bucket, settings):
    """A new bucket, with evidence, reports and backups stored in it."""
    settings.STORAGES = {
        **configured_bucket.storages(),
        "staticfiles": settings.STORAGES["staticfiles"],
    }
    return configured_bucket
