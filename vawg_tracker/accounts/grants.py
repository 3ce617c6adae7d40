"""Giving role groups their permissions, for data migrations."""

from django.contrib.auth.management import create_permissions


def grant(apps, role_permissions):
    """
    Give each group (created if missing) the permissions listed for it, as
    "app_label.codename". Safe to run again. ``apps`` is the migration's app registry.
    """
    # Permissions are normally created after all migrations have run; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in role_permissions.items():
        group, _ = Group.objects.get_or_create(name=name)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def revoke(apps, role_permissions):
    Group = apps.get_model("auth", "Group")
    for name, perms in role_permissions.items():
        group = Group.objects.filter(name=name).first()
        if group:
            for perm in perms:
                app_label, codename = perm.split(".")
                group.permissions.remove(
                    *group.permissions.filter(content_type__app_label=app_label, codename=codename)
                )
