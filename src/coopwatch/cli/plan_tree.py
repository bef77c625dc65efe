"""A readable tree of a parsed plan for the terminal (`coopwatch parse-plan FILE`)."""

from __future__ import annotations


def plan_tree(result: dict):
    """A rich Tree: the document fields, then every item with its roles, then the targets."""
    from rich.markup import escape
    from rich.tree import Tree

    head = f"[bold]{escape(result.get('title') or '(untitled)')}[/bold]  [dim]{result['language']}, {result['kind']}"
    if result.get("issued"):
        head += f", issued {result['issued']}"
    tree = Tree(head + "[/dim]")
    issuers = result["issuers"]
    if issuers["agencies"] or issuers["regions"]:
        tree.add("issuers: " + ", ".join(issuers["agencies"] + issuers["regions"]))

    def add(parent, item):
        roles = []
        for key in ("regions", "partners", "agencies", "domains"):
            if item[key]:
                roles.append(f"{key} {','.join(item[key])}")
        lead = item["lead"]["agencies"] + item["lead"]["regions"]
        if lead:
            roles.append(f"lead {','.join(lead)}")
        label = f"[cyan]{item['id']}[/cyan] [magenta]{item['kind']}[/magenta] {escape(item['title'][:90])}"
        if roles:
            label += f"  [dim]{escape('; '.join(roles))}[/dim]"
        node = parent.add(label)
        for child in item["items"]:
            add(node, child)

    for item in result["items"]:
        add(tree, item)
    if result["targets"]:
        t = tree.add("[bold]targets[/bold]")
        for x in result["targets"]:
            t.add(f"{x['indicator'] or '?'} {x['comparator']} {x['value']} {escape(x['unit'])} by {x['year']}")
    if result["repairs"]:
        r = tree.add(f"[bold]repairs[/bold] ({len(result['repairs'])})")
        for x in result["repairs"]:
            if x["kind"] != "boilerplate":
                r.add(f"{x['kind']}: {escape(x['found'][:60])} → {escape(x['meaning'][:60])}")
    return tree
