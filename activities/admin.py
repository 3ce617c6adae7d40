from django.contrib import admin
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from vawg_tracker.admin_helpers import LookUpOnly, LookUpOnlyAdmin

from .models import Activity, ActivityEvent, Evidence


class ActivityEventInline(admin.TabularInline):
    model = ActivityEvent
    extra = 0
    fields = ["kind", "user", "at", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class EvidenceInline(admin.TabularInline):
    """The file itself opens only through the checked download view, never from MEDIA_URL."""

    model = Evidence
    extra = 0
    fields = ["download", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    @admin.display(description="file")
    def download(self, evidence):
        if evidence.removed_on:
            return f"Removed under the retention policy on {evidence.removed_on:%d/%m/%Y}"
        return format_html('<a href="{}">{}</a>', evidence.get_absolute_url(), evidence)


@admin.register(Activity)
class ActivityAdmin(LookUpOnly, SimpleHistoryAdmin):
    """Partners log activities and staff verify them in the portal; here they are read."""

    list_display = ["title", "organisation", "action", "kind", "started_on", "state"]
    list_filter = ["state", "kind", "organisation"]
    list_select_related = ["organisation", "action"]
    search_fields = ["title", "organisation__name", "action__reference"]
    inlines = [ActivityEventInline, EvidenceInline]


@admin.register(ActivityEvent, Evidence)
class ActivityRecordAdmin(LookUpOnlyAdmin):
    def get_list_display(self, request):
        return ["__str__", "activity"]

    def get_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in ("id", "file")]
