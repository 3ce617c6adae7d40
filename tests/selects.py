"""
What a page's selects show: the value of each <option selected>, read from the HTML as a
browser reads it (a select with no option selected shows its first).
"""

from html.parser import HTMLParser


class _Selects(HTMLParser):
    def __init__(self):
        super().__init__()
        self.options, self.selected, self._name = {}, {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self._name = attrs.get("name")
            self.options[self._name], self.selected[self._name] = [], []
        elif tag == "option" and self._name is not None:
            self.options[self._name].append(attrs.get("value", ""))
            if "selected" in attrs:
                self.selected[self._name].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._name = None


def _read(response):
    parser = _Selects()
    parser.feed(response.content.decode())
    return parser


def offered(response):
    """{select's name: the values of its options, in order}."""
    return _read(response).options


def selected(response):
    """{select's name: the values of its options marked selected}. A select with none
    selected shows its first option, whatever the page shows."""
    return _read(response).selected
