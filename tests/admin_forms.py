"""Turn an admin form page into the POST data that would submit it unchanged."""


def _put(data, name, value):
    if value is None or value is False:
        return
    if value is True:
        data[name] = "on"
    elif isinstance(value, list | tuple):
        data[name] = [str(item) for item in value]
    else:
        data[name] = str(value)


def admin_form_data(response, **changes):
    """The data the admin change/add page at ``response`` would post, with ``changes``."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        _put(data, name, form[name].value())
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
        for inline_form in formset.forms:
            for name in inline_form.fields:
                _put(data, inline_form.add_prefix(name), inline_form[name].value())
    for name, value in changes.items():
        data.pop(name, None)
        _put(data, name, value)
    return data
