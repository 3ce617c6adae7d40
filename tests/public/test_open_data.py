"""
The public open data: each published quarter's CSV files and JSON, read from the
snapshots only, at addresses and under file names that do not change; the data
dictionary that describes every column; and the links to them from the public pages.
Nothing internal reaches a file: the snapshot world seeds a marker into every internal
field, and none may appear.
"""

import csv
import io
import json

import pytest

from public.open_data import FILES, LICENCE
from publication.models import Publication
from vawg_tracker.quarters import Quarter

from ..factories import ActionFactory, IndicatorFactory, IndicatorValueFactory
from ..publication.test_snapshot import MARKERS, Q1, Q2

pytestmark = pytest.mark.django_db

DATA = "/public/data/"
BOM = b"\xef\xbb\xbf"
CSV_NAMES = [
    "actions",
    "pledges",
    "outcomes",
    "indicators",
    "indicator-values",
    "partner-contribution",
    "funding",
]
FILE_NAMES = [f"{name}.csv" for name in CSV_NAMES] + ["publication.json"]


def content(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def read_csv(client, quarter, name):
    response = client.get(f"{DATA}{quarter.slug}/{name}.csv")
    assert response.status_code == 200, name
    return list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))


def as_dicts(rows):
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


def test_the_files_are_the_ones_the_issue_names():
    assert [data_file.slug for data_file in FILES] == CSV_NAMES


@pytest.mark.parametrize("name", FILE_NAMES)
def test_each_file_of_a_published_quarter_downloads_under_a_name_that_does_not_change(
    client, staff, world, name, django_assert_num_queries
):
    Publication.publish(world.plan, Q2, by=staff)
    # When anything was last published or withdrawn (Last-Modified); the quarter's live
    # publications, with their snapshots.
    with django_assert_num_queries(2):
        response = client.get(f"{DATA}{Q2.slug}/{name}")
        body = content(response)
    assert response.status_code == 200
    stem, extension = name.rsplit(".", 1)
    saved_as = f"vawg-{stem}-{Q2.slug}.{extension}"
    assert saved_as in response["Content-Disposition"]
    # Published on purpose: an anonymous reader's copy may be kept, and indexed.
    assert "public" in response["Cache-Control"]
    assert "X-Robots-Tag" not in response
    leaked = [field for field, marker in MARKERS.items() if marker.encode() in body]
    assert leaked == []


@pytest.mark.parametrize("name", FILE_NAMES)
def test_a_withdrawn_or_unpublished_quarter_has_no_files(client, staff, world, name):
    publication = Publication.publish(world.plan, Q2, by=staff)
    assert client.get(f"{DATA}{Q1.slug}/{name}").status_code == 404
    assert client.get(f"{DATA}{Quarter(2030, 1).slug}/{name}").status_code == 404
    assert publication.withdraw(by=staff)
    response = client.get(f"{DATA}{Q2.slug}/{name}")
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]


def test_a_file_that_is_not_one_of_them_is_404(client, staff, world):
    Publication.publish(world.plan, Q2, by=staff)
    for name in ("actions.json", "people.csv", "publication.csv", "actions.csv.csv"):
        assert client.get(f"{DATA}{Q2.slug}/{name}").status_code == 404, name


@pytest.mark.parametrize("data_file", FILES, ids=CSV_NAMES)
def test_a_csv_file_is_utf8_with_a_bom_and_has_the_dictionarys_columns(
    client, staff, world, data_file
):
    Publication.publish(world.plan, Q2, by=staff)
    response = client.get(f"{DATA}{Q2.slug}/{data_file.filename}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = content(response)
    assert body.startswith(BOM)
    header = next(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert header == [column.name for column in data_file.all_columns]
    assert header[:3] == ["plan_id", "plan_title", "publication_quarter"]


def test_the_csv_files_hold_what_was_published(client, staff, world):
    Publication.publish(world.plan, Q2, by=staff)
    plan = {"plan_id": str(world.plan.pk), "plan_title": world.plan.title}
    plan["publication_quarter"] = str(Q2)
    pledge_set = world.pledges.get().pledge_set

    (action,) = as_dicts(read_csv(client, Q2, "actions"))
    assert action == {
        **plan,
        "reference": "2.1",
        "title": "Train every call handler",
        "public_summary": "PUBLIC-SUMMARY-OK: call handlers are being trained.",
        "status": "at_risk",  # Q1's signed-off update, not Q2's unsigned one
        "status_label": "At risk",
        "percent_complete": "40",
        "reported_for": str(Q1),
        "pledges": f"{pledge_set.short_title} 3",
        "outcomes": "1",
    }

    pledges = as_dicts(read_csv(client, Q2, "pledges"))
    (training,) = [row for row in pledges if row["number"] == "3"]
    assert training["pledge_set"] == pledge_set.title
    assert training["pledge_set_short_title"] == pledge_set.short_title
    assert training["title"] == "Specialist training"
    assert training["commitment"] == world.pledges.get().commitment
    assert training["actions"] == "2.1"
    assert all(row["actions"] == "" for row in pledges if row["number"] != "3")

    assert as_dicts(read_csv(client, Q2, "outcomes")) == [
        {**plan, "number": "1", "name": "Safer", "actions": "2.1"}
    ]

    (indicator,) = as_dicts(read_csv(client, Q2, "indicators"))
    assert indicator == {
        **plan,
        "indicator": "Calls answered within 10 seconds",
        "unit": "%",
        "direction": "higher",
        "baseline": "71.50",
        "baseline_period": indicator["baseline_period"],
        "target": "90.00",
        "target_period": indicator["target_period"],
        "latest_value": "82.00",  # not Q3's value: it came after the quarter published
        "latest_value_quarter": str(Q2),
        # Provisional; 82 against the quarter's target of 83, tolerance 1: amber. The
        # value's source is not published, so it is in no file.
        "latest_value_provisional": "yes",
        "latest_value_target": "83.00",
        "against_target": "amber",
        "against_target_words": "Within tolerance",
        "public_note": "PUBLIC-NOTE-OK: from the force's call records.",
    }

    values = as_dicts(read_csv(client, Q2, "indicator-values"))
    assert [
        (row["value_quarter"], row["value"], row["provisional"], row["target"]) for row in values
    ] == [
        (str(Q1), "80.25", "no", "81.00"),
        (str(Q2), "82.00", "yes", "83.00"),
    ]
    assert {row["indicator"] for row in values} == {"Calls answered within 10 seconds"}

    assert as_dicts(read_csv(client, Q2, "partner-contribution")) == [
        {
            **plan,
            "kind": "training",
            "kind_label": "Training delivered",
            "activities": "1",
            "people_reached": "35",
            "sessions": "3",
        }
    ]


def test_a_cell_that_would_be_a_formula_is_text_and_a_negative_number_stays_a_number(
    client, staff, world
):
    world.public_summary = '=HYPERLINK("http://example.invalid","Click")'
    world.save(update_fields=["public_summary"])
    indicator = IndicatorFactory(name="@Change in repeat victims", unit="%", publish=True)
    IndicatorValueFactory(indicator=indicator, period=Q2, value="-5.25")
    Publication.publish(world.plan, Q2, by=staff)

    (action,) = as_dicts(read_csv(client, Q2, "actions"))
    assert action["public_summary"] == '\'=HYPERLINK("http://example.invalid","Click")'
    values = as_dicts(read_csv(client, Q2, "indicator-values"))
    (change,) = [row for row in values if row["indicator"] == "'@Change in repeat victims"]
    assert change["value"] == "-5.25"


def test_several_plans_published_for_the_quarter_share_its_files(client, staff, world):
    other = ActionFactory(reference="9.9", title="Another plan's action")
    Publication.publish(world.plan, Q2, by=staff)
    Publication.publish(other.plan, Q2, by=staff)
    Publication.publish(other.plan, Q1, by=staff)  # another quarter: not in Q2's files
    actions = as_dicts(read_csv(client, Q2, "actions"))
    by_plan = sorted((row["plan_title"], row["plan_id"], row["reference"]) for row in actions)
    assert by_plan == sorted(
        [
            (world.plan.title, str(world.plan.pk), "2.1"),
            (other.plan.title, str(other.plan.pk), "9.9"),
        ]
    )
    document = json.loads(client.get(f"{DATA}{Q2.slug}/publication.json").content)
    assert sorted(plan["plan_id"] for plan in document["plans"]) == sorted(
        [world.plan.pk, other.plan.pk]
    )


def test_the_json_holds_the_snapshots_with_the_licence_and_no_floats(client, staff, world):
    publication = Publication.publish(world.plan, Q2, by=staff)
    response = client.get(f"{DATA}{Q2.slug}/publication.json")
    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert document["quarter"] == str(Q2)
    assert document["quarter_slug"] == Q2.slug
    assert document["licence"] == {
        "name": "Open Government Licence v3.0",
        "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "attribution": LICENCE["attribution"],
    }
    (plan,) = document["plans"]
    assert plan["plan_id"] == world.plan.pk
    assert plan["metadata"]["plan_title"] == world.plan.title
    assert plan["actions"] == publication.snapshot["actions"]
    assert plan["actions"][0]["percent_complete"] == 40  # a whole number is a number
    (indicator,) = plan["indicators"]
    assert indicator["baseline"] == "71.50"  # a decimal is text, exactly
    assert indicator["values"][-1] == {"quarter": str(Q2), "value": "82.00", "provisional": True}

    def floats(value):
        if isinstance(value, dict):
            return any(floats(v) for v in value.values())
        if isinstance(value, list):
            return any(floats(v) for v in value)
        return isinstance(value, float)

    assert not floats(json.loads(response.content, parse_float=float))


def test_the_data_dictionary_describes_every_column_of_every_file_and_the_licence(
    client, staff, world, django_assert_num_queries
):
    Publication.publish(world.plan, Q1, by=staff)
    Publication.publish(world.plan, Q2, by=staff).withdraw(by=staff)
    # When anything last changed; the quarters with a live publication.
    with django_assert_num_queries(2):
        response = client.get(DATA)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Open data</h1>" in page
    for data_file in FILES:
        assert f"{data_file.filename}: {data_file.title}" in page
        for column in data_file.all_columns:
            assert f"<code>{column.name}</code>" in page, (data_file.slug, column.name)
    assert "publication.json" in page
    assert "Open Government Licence v3.0" in page
    assert f'href="{LICENCE["url"]}"' in page
    assert "Contains public sector information licensed under the Open Government" in page
    # Each quarter with data links its files; a withdrawn quarter is not listed.
    for name in FILE_NAMES:
        assert f'href="{DATA}{Q1.slug}/{name}"' in page
        assert f'href="{DATA}{Q2.slug}/{name}"' not in page


def test_before_anything_is_published_the_dictionary_says_so(client):
    page = client.get(DATA).content.decode()
    assert "Nothing has been published yet" in page
    assert "<code>public_summary</code>" in page


def test_the_home_and_each_quarters_page_link_their_data(client, staff, world):
    Publication.publish(world.plan, Q1, by=staff)
    Publication.publish(world.plan, Q2, by=staff)
    home = client.get("/public/").content.decode()
    assert "Download the data" in home
    assert "Open Government Licence v3.0" in home
    assert f'href="{DATA}"' in home
    for name in FILE_NAMES:
        assert f'href="{DATA}{Q2.slug}/{name}"' in home
        assert f'href="{DATA}{Q1.slug}/{name}"' not in home  # the current quarter's only
    page = client.get(f"/public/{world.plan.pk}/{Q1.slug}/").content.decode()
    for name in FILE_NAMES:
        assert f'href="{DATA}{Q1.slug}/{name}"' in page
    assert "Open Government Licence v3.0" in page


def test_the_home_before_anything_is_published_has_no_data_to_link(client):
    assert "Download the data" not in client.get("/public/").content.decode()
