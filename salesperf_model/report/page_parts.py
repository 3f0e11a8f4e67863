"""The navigation an exported report page gets: a table of contents, links back to the
index, and wide tables marked to fit the column and the printed page."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # bs4 is imported where a page is finished: the commands start quicker
    from bs4 import BeautifulSoup, Tag

#: Tables with more columns than this are set in the fixed, small "wide" layout so they
#: wrap inside the column (and on A4 landscape) instead of running past it.
WIDE_TABLE_COLUMNS = 6
#: The link text back to the batch's index page.
BACK_TO_INDEX = "← All reports (index)"


def _anchor(heading: Tag, taken: set[str]) -> str:
    """The heading's id, given one from its words when it has none (unique in the page)."""
    existing = heading.get("id")
    if isinstance(existing, str) and existing:
        taken.add(existing)
        return existing
    base = re.sub(r"[^a-z0-9]+", "-", heading.get_text(" ", strip=True).lower()).strip("-")
    anchor, number = base or "section", 2
    while anchor in taken:
        anchor, number = f"{base}-{number}", number + 1
    taken.add(anchor)
    heading["id"] = anchor
    return anchor


def _heading_text(heading: Tag) -> str:
    """A heading's words without nbconvert's pilcrow anchor link."""
    from bs4 import BeautifulSoup

    copy = BeautifulSoup(str(heading), "html.parser")
    for link in copy.select("a.anchor-link"):
        link.decompose()
    return copy.get_text(" ", strip=True)


def _toc(soup: BeautifulSoup) -> Tag | None:
    """An ordered list of the page's sections (h2) with their sub-sections (h3)."""
    taken: set[str] = set()
    nav = soup.new_tag("nav", attrs={"class": "salesperf-toc", "aria-label": "Contents"})
    title = soup.new_tag("strong")
    title.string = "Contents"
    nav.append(title)
    top = soup.new_tag("ol")
    current: Tag | None = None
    for heading in soup.find_all(["h2", "h3"]):
        text = _heading_text(heading)
        if not text:
            continue
        item = soup.new_tag("li")
        link = soup.new_tag("a", href=f"#{_anchor(heading, taken)}")
        link.string = text
        item.append(link)
        if heading.name == "h2":
            top.append(item)
            current = item
        elif current is not None:
            sub = current.find("ol")
            if sub is None:
                sub = soup.new_tag("ol")
                current.append(sub)
            sub.append(item)
    if not top.contents:
        return None
    nav.append(top)
    return nav


def _back_link(soup: BeautifulSoup, href: str) -> Tag:
    paragraph = soup.new_tag("p", attrs={"class": "salesperf-back"})
    link = soup.new_tag("a", href=href)
    link.string = BACK_TO_INDEX
    paragraph.append(link)
    return paragraph


#: Tokens a figure may carry besides digits: a currency code, millions, n/a, yes/no, and
#: the points a difference of two percentages is counted in ("-3.1 points").
_FIGURE_TOKENS = re.compile(r"\b(?:[A-Z]{3}|M|n/a|yes|no|points?)\b|\bx(?=\d)")


def _is_words(text: str) -> bool:
    """Whether a cell reads as words rather than as a figure ('1.23 M CNY', '-3.6%', 'yes'):
    a cell without a digit is a name or a unit ('GTX', 'MG', '%'), except yes, no and n/a."""
    if not re.search(r"\d", text):
        return text.strip().lower() not in ("", "yes", "no", "n/a")
    return bool(re.search(r"[A-Za-z]{2,}", _FIGURE_TOKENS.sub("", text)))


def _mark_text_cells(table: Tag) -> None:
    """Words read left to right: cells of words get class salesperf-text (left-aligned);
    figures stay right-aligned so that their digits line up."""
    for cell in table.find_all(["td", "th"]):
        text = cell.get_text(" ", strip=True)
        if _is_words(text):
            cell["class"] = [*(cell.get("class") or []), "salesperf-text"]


def _mark_wide_tables(soup: BeautifulSoup) -> None:
    """Give tables with many columns the full-width layout in smaller type (class
    salesperf-wide), and their cells of words the left alignment."""
    for table in soup.find_all("table"):
        _mark_text_cells(table)
        first_row = table.find("tr")
        columns = len(first_row.find_all(["th", "td"])) if first_row else 0
        if columns > WIDE_TABLE_COLUMNS:
            classes = table.get("class") or []
            table["class"] = [*classes, "salesperf-wide"]


def finish_page(html: str, *, index_href: str | None = None) -> str:
    """The exported page with its table of contents after the title, a link back to the
    index at the top and the bottom when ``index_href`` is given, and wide tables marked."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    body = soup.body
    if body is None:
        return html
    _mark_wide_tables(soup)
    nav = _toc(soup)
    title = soup.find("h1")
    if nav is not None:
        if title is not None:
            # after the title and the paragraphs/tables that introduce it, before section 1
            first_section = soup.find("h2")
            anchor_cell = first_section.find_parent(class_="jp-Cell") if first_section else None
            if anchor_cell is not None:
                anchor_cell.insert_before(nav)
            else:
                title.insert_after(nav)
        else:
            body.insert(0, nav)
    if index_href:
        body.insert(0, _back_link(soup, index_href))
        body.append(_back_link(soup, index_href))
    return str(soup)
