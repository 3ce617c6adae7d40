"""A wide table scrolls in its own region: focusable, and named by the table's caption."""

from django.template import Context, Template

REGION = Template(
    "{% load vawg %}{% scroll_region caption_id %}"
    "<table><caption id='{{ caption_id }}'>{{ caption }}</caption></table>"
    "{% endscroll_region %}"
)


def test_the_region_is_focusable_and_labelled_by_the_caption():
    html = REGION.render(Context({"caption_id": "plans-caption", "caption": "Action plans"}))
    assert html == (
        '<div class="table-responsive" role="region" tabindex="0" '
        'aria-labelledby="plans-caption">'
        "<table><caption id='plans-caption'>Action plans</caption></table></div>"
    )


def test_what_the_table_holds_is_escaped_once():
    html = REGION.render(Context({"caption_id": 'x" onfocus="', "caption": "<b>&</b>"}))
    assert 'aria-labelledby="x&quot; onfocus=&quot;"' in html
    assert "<caption id='x&quot; onfocus=&quot;'>&lt;b&gt;&amp;&lt;/b&gt;</caption>" in html
