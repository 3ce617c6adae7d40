from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Superusers only, and read-only: PCC staff's admin permissions do not reach it."""

    list_display = [
        "at",
        "kind",
        "username",
        "object_type",
        "object_id",
        "view_name",
        "method",
        "ip",
    ]
    list_filter = ["kind", ("at", admin.DateFieldListFilter)]
    date_hierarchy = "at"
    search_fields = ["username", "=object_id"]
    readonly_fields = list(list_display)
    fields = readonly_fields
    show_full_result_count = False

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
