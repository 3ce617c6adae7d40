"""
Rules about the code itself, read from the source: permission names come from one place,
views fetch objects through their app's access helpers, and jobs are queued one way.
"""

import ast
from pathlib import Path

from vawg_tracker.accounts.capabilities import Can
from vawg_tracker.accounts.models import Capability

ROOT = Path(__file__).resolve().parents[2]
NOT_OURS = {".venv", "var", "tests", "node_modules", "static", "templates"}


def _our_modules():
    """Every Python module of the project but its tests and its migrations (history)."""
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in NOT_OURS or "migrations" in parts or parts[0].startswith("."):
            continue
        yield path


def _where(path, node):
    return f"{path.relative_to(ROOT)}:{node.lineno}"


# --- Permission names ------------------------------------------------------------------------


def test_can_names_every_capability_and_nothing_else():
    codenames = {f"accounts.{codename}" for codename, _ in Capability._meta.permissions}
    assert {can.value for can in Can} == codenames


def test_no_module_spells_a_permission_name_itself():
    """``@requires(Can.VIEW_REPORTS)``, never ``@requires("accounts.view_reports")``."""
    names = {can.value for can in Can}
    home = ROOT / "vawg_tracker" / "accounts" / "capabilities.py"
    spelled = [
        f"{_where(path, node)} {node.value!r}"
        for path in _our_modules()
        if path != home
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path)))
        if isinstance(node, ast.Constant) and node.value in names
    ]
    assert spelled == [], "name these permissions with Can (accounts/capabilities.py)"


# --- Lookups in views ------------------------------------------------------------------------

# Lookups a view may make itself, each with why it is not an access helper's.
VIEW_LOOKUPS_ALLOWED = {
    ("partners/views.py", "member_invite", "Group.objects.get(name=Role.PARTNER)"): (
        "the Partner group, by name: no id the user sent"
    ),
    ("plans/views.py", "_edit", "type(obj).objects.get(pk=obj.pk)"): (
        "re-reads, after a conflict, the object the view fetched through access"
    ),
}


def _view_modules():
    for path in _our_modules():
        relative = path.relative_to(ROOT)
        if relative.name == "views.py" or "views" in relative.parts[:-1]:
            yield path


def _is_lookup(call):
    """get_object_or_404(...), get_list_or_404(...), or a ``.get(...)`` on a model's manager."""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    if name in ("get_object_or_404", "get_list_or_404"):
        return True
    if name != "get":
        return False
    receiver = func.value
    while isinstance(receiver, ast.Call | ast.Attribute):
        if isinstance(receiver, ast.Attribute) and receiver.attr in ("objects", "_default_manager"):
            return True
        receiver = receiver.func if isinstance(receiver, ast.Call) else receiver.value
    return False


def _lookups(path):
    """(function, line, the call's source) of every lookup in the module."""
    source = path.read_text()
    for function in ast.walk(ast.parse(source, filename=str(path))):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(function):
                if isinstance(node, ast.Call) and _is_lookup(node):
                    yield function.name, node.lineno, ast.get_source_segment(source, node)


def test_views_fetch_objects_through_their_apps_access_helpers():
    """
    A view that takes an id fetches its object with a helper of its app's access module,
    which checks the user, preloads, and makes a refused id an audit event naming it.
    """
    direct, allowed_seen = [], set()
    for path in _view_modules():
        relative = str(path.relative_to(ROOT))
        for function, line, call in _lookups(path):
            if (relative, function, call) in VIEW_LOOKUPS_ALLOWED:
                allowed_seen.add((relative, function, call))
            else:
                direct.append(f"{relative}:{line} in {function}(): {call}")
    assert direct == [], "fetch these through the app's access module (e.g. plans/access.py)"
    assert allowed_seen == set(VIEW_LOOKUPS_ALLOWED), "an allowed lookup is gone: drop it above"


def test_the_lookup_rule_sees_the_ways_of_fetching_an_object():
    source = """
def view(request, pk):
    get_object_or_404(Report, pk=pk)
    shortcuts.get_object_or_404(Report, pk=pk)
    Report.objects.get(pk=pk)
    Report.objects.select_related("plan").get(pk=pk)
    type(obj).objects.get(pk=pk)
    request.GET.get("page")
    counts.get(pk, 0)
"""
    calls = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)]
    lines = sorted(node.lineno for node in calls if _is_lookup(node))
    assert lines == [3, 4, 5, 6, 7]


# --- Queueing jobs ---------------------------------------------------------------------------

SENDING = {"delay", "apply_async", "delay_on_commit", "send_task"}


def test_only_vawg_tracker_jobs_sends_tasks_to_the_broker():
    """Everything else calls jobs.enqueue or jobs.enqueue_now: they handle a broker that is down."""
    home = ROOT / "vawg_tracker" / "jobs.py"
    sending = [
        f"{_where(path, node)} .{node.func.attr}()"
        for path in _our_modules()
        if path != home
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path)))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in SENDING
    ]
    assert sending == [], "queue these with vawg_tracker.jobs.enqueue or enqueue_now"


# --- The methods a view answers --------------------------------------------------------------

# Views still on Django's require_GET, each with why. HEAD is a GET without the body: link
# checkers and uptime monitors use it, and a view that answers GET answers HEAD
# (require_safe, or HEAD in require_http_methods' list).
REQUIRE_GET_ALLOWED = {}


def _decorator_calls(path):
    """(name, node) of every decorator of every function in the module, called or not."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", "")
                yield name, decorator


def _names_used(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            yield node.id, node
        elif isinstance(node, ast.Attribute):
            yield node.attr, node
        elif isinstance(node, ast.alias):
            yield node.name, node


def test_a_view_that_answers_get_answers_head():
    """``require_safe`` (GET and HEAD), never ``require_GET``; a ``require_http_methods``
    list with GET has HEAD too. The body of a HEAD answer is dropped on its way out."""
    found, allowed_seen = [], set()
    for path in _our_modules():
        relative = str(path.relative_to(ROOT))
        uses = [node for name, node in _names_used(path) if name == "require_GET"]
        if uses and relative in REQUIRE_GET_ALLOWED:
            allowed_seen.add(relative)
        elif uses:
            found += [f"{relative}:{getattr(node, 'lineno', '?')} require_GET" for node in uses]
        for name, decorator in _decorator_calls(path):
            if name != "require_http_methods" or not isinstance(decorator, ast.Call):
                continue
            methods = ast.literal_eval(decorator.args[0])
            if "GET" in methods and "HEAD" not in methods:
                found.append(f"{_where(path, decorator)} require_http_methods({methods!r})")
    assert found == [], "answer HEAD where GET is answered: require_safe"
    assert allowed_seen == set(REQUIRE_GET_ALLOWED), "a require_GET is gone: drop it above"


def test_the_method_rule_sees_both_ways_of_refusing_head(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        "from django.views.decorators.http import require_GET, require_http_methods\n"
        "@require_GET\ndef a(request): ...\n"
        "@require_http_methods(['GET', 'POST'])\ndef b(request): ...\n"
    )
    assert [name for name, _ in _names_used(module)].count("require_GET") == 2
    calls = [d for name, d in _decorator_calls(module) if name == "require_http_methods"]
    assert [ast.literal_eval(d.args[0]) for d in calls] == [["GET", "POST"]]
