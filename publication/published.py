"""
A publication's frozen snapshot arranged for reading: what the public site's pages
(public.pages) and the public PDF (publication.public_pdf) show of it, read from the
snapshot only, never from the live records (publication.snapshot decides what may be
public).

Each pledge, outcome, action and indicator has a key drawn from the snapshot itself
(pledge set and number, outcome number, the action's reference and the indicator's name,
as slugs): the public site's addresses, stable for as long as the publication is live.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.utils.text import slugify


def _keyed(items, name_of, prefix):
    """Give each item a "slug" unique among them (a second "1.3" becomes "1-3-2")."""
    seen = set()
    keyed = []
    for item in items:
        base = slugify(str(name_of(item)).replace(".", "-")) or prefix
        slug, n = base, 1
        while slug in seen:
            n += 1
            slug = f"{base}-{n}"
        seen.add(slug)
        keyed.append({**item, "slug": slug})
    return keyed


def status_counts(actions):
    """Actions by published status; those with no update published are left out."""
    counts = {}
    for action in actions:
        if action["status"]:
            counts[action["status"]] = counts.get(action["status"], 0) + 1
    return counts


def arrange_funding(funding):
    """A snapshot's funding block for reading: each provider with its key, dates as dates."""
    return {
        **funding,
        "as_at": datetime.date.fromisoformat(funding["as_at"]),
        "providers": [
            {
                **provider,
                "awards": [
                    {
                        **award,
                        "starts_on": datetime.date.fromisoformat(award["starts_on"]),
                        "ends_on": datetime.date.fromisoformat(award["ends_on"]),
                    }
                    for award in provider["awards"]
                ],
            }
            for provider in _keyed(funding["providers"], lambda p: p["name"], "provider")
        ],
    }


@dataclass
class PublishedQuarter:
    """One publication's snapshot, arranged: by status, pledge, outcome and indicator,
    each pledge, outcome, action and indicator with its key."""

    publication: object  # publication.models.Publication

    @property
    def snapshot(self):
        return self.publication.snapshot

    @property
    def metadata(self):
        return self.snapshot["metadata"]

    # --- The things a publication holds, each with its key ---------------------------------

    @cached_property
    def actions(self):
        return _keyed(self.snapshot["actions"], lambda a: a["reference"], "action")

    @cached_property
    def outcomes(self):
        serving = {}
        for action in self.actions:
            for outcome in action["outcomes"]:
                serving.setdefault(outcome["number"], []).append(action)
        return [
            {**outcome, "actions": serving.get(outcome["number"], [])}
            for outcome in self.snapshot["outcomes"]
        ]

    @cached_property
    def pledge_sets(self):
        """Each pledge set with each pledge and the actions that deliver it."""
        delivering = {}
        for action in self.actions:
            for pledge in action["pledges"]:
                delivering.setdefault((pledge["set"], pledge["number"]), []).append(action)
        sets = _keyed(self.snapshot["pledge_sets"], lambda s: s["short_title"], "pledges")
        return [
            {
                **pledge_set,
                "pledges": [
                    {
                        **pledge,
                        "set": pledge_set,
                        "actions": delivering.get(
                            (pledge_set["short_title"], pledge["number"]), []
                        ),
                    }
                    for pledge in pledge_set["pledges"]
                ],
            }
            for pledge_set in sets
        ]

    @cached_property
    def indicators(self):
        return [
            {**indicator, "latest": indicator["values"][-1] if indicator["values"] else None}
            for indicator in _keyed(self.snapshot["indicators"], lambda i: i["name"], "indicator")
        ]

    @property
    def partner_contribution(self):
        return self.snapshot["partner_contribution"]

    @cached_property
    def recommendations(self):
        """The public recommendations ("You told us — we did") grouped by source, each
        delivering action with its key when this publication holds it; [] for a
        publication made before recommendations were published."""
        slugs = {action["reference"]: action["slug"] for action in self.actions}
        groups = []
        for item in self.snapshot.get("recommendations", []):
            arranged = {
                **item,
                "actions": [
                    {**action, "slug": slugs.get(action["reference"])} for action in item["actions"]
                ],
            }
            if groups and groups[-1]["source"] == item["source"]:
                groups[-1]["recommendations"].append(arranged)
            else:
                groups.append({"source": item["source"], "recommendations": [arranged]})
        return groups

    @cached_property
    def funding(self):
        """The office's money for the quarter's financial year (Publication.funding), each
        provider with its key; None for a publication made before funding was published.
        Read only where it is shown: a publication's other pages leave it unloaded."""
        funding = self.publication.funding
        return None if funding is None else arrange_funding(funding)

    # --- Summaries -------------------------------------------------------------------------

    @cached_property
    def status_counts(self):
        return status_counts(self.actions)

    @property
    def unpublished_count(self):
        return sum(1 for action in self.actions if not action["status"])

    # --- Finding one thing (None if the publication does not hold it) ----------------------

    def pledge(self, set_slug, number):
        for pledge_set in self.pledge_sets:
            if pledge_set["slug"] == set_slug:
                return next((p for p in pledge_set["pledges"] if p["number"] == number), None)
        return None

    def outcome(self, number):
        return next((o for o in self.outcomes if o["number"] == number), None)

    def action(self, slug):
        return next((a for a in self.actions if a["slug"] == slug), None)

    def indicator(self, slug):
        return next((i for i in self.indicators if i["slug"] == slug), None)

    # --- What a page of one thing links to -------------------------------------------------

    def pledges_of(self, item):
        """The pledges an action or indicator names, as the publication holds them."""
        wanted = [(p["set"], p["number"]) for p in item.get("pledges", [])]
        found = {
            (pledge_set["short_title"], pledge["number"]): pledge
            for pledge_set in self.pledge_sets
            for pledge in pledge_set["pledges"]
        }
        return [found[key] for key in wanted if key in found]

    def outcomes_of(self, item):
        """The outcomes an action or indicator names, as the publication holds them."""
        numbers = [o["number"] if isinstance(o, dict) else o for o in item.get("outcomes", [])]
        return [o for o in self.outcomes if o["number"] in numbers]

    def indicators_for(self, *, pledge=None, outcome=None):
        """The indicators measuring a pledge or an outcome."""
        if pledge is not None:
            key = {"set": pledge["set"]["short_title"], "number": pledge["number"]}
            return [i for i in self.indicators if key in i.get("pledges", [])]
        return [i for i in self.indicators if outcome["number"] in i.get("outcomes", [])]
