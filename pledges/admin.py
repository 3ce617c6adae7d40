from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from vawg_tracker.admin_helpers import PlausibleDatesAdmin

from .models import Pledge, PledgeSet


class PledgeInline(admin.StackedInline):
    model = Pledge
    extra = 0


@admin.register(PledgeSet)
class PledgeSetAdmin(PlausibleDatesAdmin, SimpleHistoryAdmin):
    list_display = ["title", "short_title", "source", "published_on"]
    search_fields = ["title", "short_title", "source"]
    inlines = [PledgeInline]


@admin.register(Pledge)
class PledgeAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "pledge_set"]
    list_filter = ["pledge_set"]
    list_select_related = ["pledge_set"]
    search_fields = ["title", "commitment", "pledge_set__title"]
