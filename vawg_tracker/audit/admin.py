from django.contrib import admin

from . import current_label
from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Superusers only, and read-only: PCC staff's admin permissions do not reach it."""

    list_display = [
        "at",
        "kind",
        "username",
        "object",
        "view_name",
        "method",
        "ip",
    ]
    list_filter = ["kind", ("at", admin.DateFieldListFilter)]
    date_hierarchy = "at"
    search_fields = ["username", "=object_id"]
    readonly_fields = [*list_display[:4], "object_type", "object_id", *list_display[5:]]
    fields = readonly_fields
    show_full_result_count = False

    @admin.display(description="object")
    def object(self, event):
        """The model as it is called today, and its id (an old label is read as the new one)."""
        if not event.object_type:
            return ""
        label = current_label(event.object_type)
        return f"{label} {event.object_id}".strip()

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
