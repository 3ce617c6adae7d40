from django.contrib import admin, messages
from django.utils import timezone

from vawg_tracker import audit

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """
    Superusers only: every user's personal API tokens (never their secrets, which are not
    kept), to revoke one that has gone astray. Read-only otherwise: people make their own.
    """

    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "last_used_ip",
        "revoked_at",
    ]
    list_select_related = ["user"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "name", "=prefix"]
    readonly_fields = list_display
    fields = readonly_fields
    actions = ["revoke"]
    show_full_result_count = False

    # Superusers only (has_view_permission): every field stays read-only.
    @admin.action(description="Revoke the selected tokens", permissions=["view"])
    def revoke(self, request, queryset):
        now = timezone.now()
        tokens = list(queryset.filter(revoked_at__isnull=True))
        ApiToken.objects.filter(pk__in=[token.pk for token in tokens]).update(revoked_at=now)
        for token in tokens:
            audit.record(audit.Kind.API_TOKEN_REVOKED, request, obj=token)
        messages.success(request, f"Revoked {len(tokens)} token(s).")

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
