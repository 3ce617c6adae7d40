"""
Four kinds of user at work, for Locust (bench/load/run.py starts it; see bench/README.md).

Each simulated person signs in once and then, with 1 to 5 seconds between steps, does
what that role does all week: staff read the dashboard, filter actions, record progress and
sign updates off, and now and then ask for a report to be produced (a draft of the running
quarter: a worker renders it); lead specialists open My updates and record progress;
partner users open their organisation's page and log activities; commissioners read the
dashboard and the report archive and download the quarterly report. The logins and ids
come from bench/load/prepare.py through the LOAD_PEOPLE file. Every response other than the
expected one counts as a failure.

LOAD_HOSTS (comma-separated base URLs) are the web nodes: each person is given the next
one in turn and stays on it, as behind a balancer with sticky sessions. LOAD_REPORT_EVERY
is the seconds between two report requests, all staff together (default 120: five in ten
minutes, the first after a minute).
"""

import hashlib
import hmac
import html
import itertools
import json
import os
import random
import re
import struct
import time

from locust import HttpUser, between, task

with open(os.environ["LOAD_PEOPLE"]) as people:
    PEOPLE = json.load(people)
PASSWORD = PEOPLE["password"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEEN = re.compile(r'name="seen_update_id" value="(\d+)"')
PERIOD = re.compile(r'<option value="([^"]+)"[^>]*selected')
QUARTER = re.compile(r'name="quarter"[^>]*>\s*<option value="([^"]+)"')
UPDATE_IDS = re.compile(r"/updates/(\d+)/sign-off/")
NEXT_PAGE = re.compile(r'href="\?([^"]*page=\d+)">Next</a>')
_staff = itertools.cycle(PEOPLE["staff"])
_leads = itertools.cycle(PEOPLE["leads"])
_partners = itertools.cycle(PEOPLE["partners"])
_commissioners = itertools.cycle(PEOPLE["commissioners"])
_hosts = itertools.cycle(filter(None, os.environ.get("LOAD_HOSTS", "").split(",")))
REPORT_EVERY = float(os.environ.get("LOAD_REPORT_EVERY", "120"))
# When the next report may be asked for (one Locust process: a module global is shared).
_next_report = [time.monotonic() + min(60, REPORT_EVERY)]


def totp(key_hex, at=None):
    """The six-digit code an authenticator app shows now (RFC 6238, SHA-1, 30 s)."""
    counter = int((at or time.time()) // 30)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 5)
    me = None
    home = "/"

    def on_start(self):
        host = next(_hosts, None)
        if host:
            self.client.base_url = self.host = host
        page = self.client.get("/accounts/login/", name="login page")
        token = CSRF.search(page.text).group(1)
        with self.client.post(
            "/accounts/login/",
            {"username": self.me["username"], "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="sign in",
            catch_response=True,
        ) as response:
            if "totp_key" in self.me and "/accounts/login/code/" in response.url:
                response = self.enter_code(response)
            if self.home not in response.url:
                response.failure(f"sign-in ended on {response.url}")

    def enter_code(self, page):
        token = CSRF.search(page.text).group(1)
        return self.client.post(
            "/accounts/login/code/",
            {"code": totp(self.me["totp_key"]), "csrfmiddlewaretoken": token},
            name="sign-in code",
        )

    def get(self, url, name=None, expected=(200,)):
        with self.client.get(url, name=name or url, catch_response=True) as response:
            if response.status_code in expected:
                response.success()  # Locust counts any 4xx as a failure unless told
            else:
                response.failure(f"{response.status_code}")
            return response

    def record_progress(self, action_id):
        page = self.get(f"/actions/{action_id}/", name="action page")
        if page.status_code != 200:
            return
        seen = SEEN.search(page.text)
        token = CSRF.search(page.text)
        period = PERIOD.search(page.text)
        if not (seen and token and period):
            return
        with self.client.post(
            f"/actions/{action_id}/progress/",
            {
                "csrfmiddlewaretoken": token.group(1),
                "seen_update_id": seen.group(1),
                "period": period.group(1),
                "status": "on_track",
                "percent_complete": random.randint(10, 90),
                "narrative": "Synthetic load-test update: delivery continued as planned.",
                "next_steps": "",
                "risks_and_issues": "",
                "reason": "",
            },
            name="record progress",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            # 302: recorded. 409: someone else updated the action first (a real outcome
            # with 100 people on 2,000 actions, shown to the user; not an error, but Locust
            # counts any 4xx as a failure unless told).
            if response.status_code == 409:
                response.success()
            elif response.status_code != 302:
                response.failure(f"{response.status_code}")


class Staff(Person):
    weight = 3
    home = "/dashboard/"

    def on_start(self):
        self.me = next(_staff)
        super().on_start()

    @task(4)
    def dashboard(self):
        self.get("/dashboard/")

    @task(3)
    def filter_actions(self):
        # Filter, then page on with the Next link while there is one. How many actions are
        # off track changes as people record progress: the page a Next link named can be
        # gone by the time it is followed, and the app answers 404, as for any page past
        # the end (a real outcome, not an error).
        status = random.choice(["off_track", "at_risk", "on_track"])
        page = self.get(f"/actions/?status={status}", name="action list")
        for _ in range(random.randint(0, 2)):
            link = NEXT_PAGE.search(page.text)
            if page.status_code != 200 or not link:
                break
            url = "/actions/?" + html.unescape(link.group(1))
            page = self.get(url, name="action list", expected=(200, 404))

    @task(3)
    def action_page(self):
        self.get(f"/actions/{random.choice(PEOPLE['staff_actions'])}/", name="action page")

    @task(2)
    def record(self):
        self.record_progress(random.choice(PEOPLE["staff_actions"]))

    @task(1)
    def sign_off_one(self):
        queue = self.get("/sign-off/")
        ids = UPDATE_IDS.findall(queue.text) if queue.status_code == 200 else []
        token = CSRF.search(queue.text) if ids else None
        if token:
            with self.client.post(
                f"/updates/{random.choice(ids)}/sign-off/",
                {"csrfmiddlewaretoken": token.group(1), "next": "/sign-off/"},
                name="sign off",
                catch_response=True,
                allow_redirects=False,
            ) as response:
                if response.status_code != 302:
                    response.failure(f"{response.status_code}")

    @task(1)
    def round_status(self):
        self.get("/rounds/")

    @task(1)
    def export(self):
        self.get("/actions/export.csv")

    @task(1)
    def request_report(self):
        """Ask for a draft report of the running quarter, when the shared clock says one is
        due (LOAD_REPORT_EVERY): a handful in a run, each a few CPU-seconds on a worker."""
        if time.monotonic() < _next_report[0]:
            return
        _next_report[0] += REPORT_EVERY
        archive = self.get("/reports/")
        token = CSRF.search(archive.text) if archive.status_code == 200 else None
        quarter = QUARTER.search(archive.text) if token else None
        if not quarter:
            return
        with self.client.post(
            "/reports/request/",
            {
                "csrfmiddlewaretoken": token.group(1),
                "plan": random.choice(PEOPLE["plans"]),
                "quarter": quarter.group(1),
                "draft": "on",
            },
            name="request report",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302 or "/reports/" not in response.headers["Location"]:
                response.failure(f"{response.status_code}")


class LeadSpecialist(Person):
    weight = 3
    home = "/dashboard/"

    def on_start(self):
        self.me = next(_leads)
        super().on_start()

    @task(3)
    def my_updates(self):
        self.get("/my-updates/")

    @task(3)
    def action_page(self):
        self.get(f"/actions/{random.choice(self.me['actions'])}/", name="action page")

    @task(2)
    def record(self):
        self.record_progress(random.choice(self.me["actions"]))

    @task(1)
    def dashboard(self):
        self.get("/dashboard/")


class Partner(Person):
    weight = 2
    home = "/partners/"

    def on_start(self):
        self.me = next(_partners)
        super().on_start()

    @task(4)
    def home_page(self):
        self.get("/partners/")

    @task(1)
    def my_updates(self):
        self.get("/my-updates/")

    @task(2)
    def log_activity(self):
        action = random.choice(self.me["actions"])
        form = self.get(f"/partners/activities/new/?action={action}", name="activity form")
        token = CSRF.search(form.text) if form.status_code == 200 else None
        if not token:
            return
        day = f"2026-{random.randint(10, 11)}-{random.randint(1, 20):02d}"
        with self.client.post(
            "/partners/activities/new/",
            {
                "csrfmiddlewaretoken": token.group(1),
                "action": action,
                "kind": "training",
                "title": "Synthetic load-test training session",
                "started_on": day,
                "ended_on": day,
                "people_reached": random.randint(5, 40),
                "sessions": 1,
                "hours": "2",
                "area": "Synthetic borough",
                "description": "Two sessions for frontline staff (synthetic).",
            },
            name="log activity",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{response.status_code}")


class Commissioner(Person):
    weight = 2
    home = "/dashboard/"

    def on_start(self):
        self.me = next(_commissioners)
        super().on_start()

    @task(5)
    def dashboard(self):
        self.get("/dashboard/")

    @task(2)
    def archive(self):
        self.get("/reports/")

    @task(1)
    def download(self):
        self.get(f"/reports/{PEOPLE['report']}/download/", name="report download")

    @task(1)
    def plan_page(self):
        self.get(f"/action-plans/{PEOPLE['plan']}/", name="plan page")
