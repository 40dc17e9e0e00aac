#!/usr/bin/env python3
"""Writes what the official Huawei Cloud Live SDK for Python knows of each
operation, as JSON, for `cargo xtask import huawei` and `cargo xtask crosscheck huawei`.

The SDK holds no machine-readable description of its API beside its code, so
this reads the installed package itself, without network or credentials:

- each operation from `LiveClient._<operation>_http_info`, a classmethod that
  turns a request object into method, path, query, headers and body: called with
  a request whose every attribute holds a marker, it shows where each one goes;
- each model's members from `openapi_types` (types), `attribute_map` (wire names)
  and the property docstrings (the pages' descriptions);
- required members from the body of `__init__`: the SDK assigns a required member
  unconditionally and an optional one under `if x is not None:`.

Usage, with the pinned package (generated/tests/vectors/requirements.txt):

    python3 -m venv /tmp/hw && /tmp/hw/bin/pip install huaweicloudsdklive==3.1.219
    /tmp/hw/bin/python xtask/metadata/huawei.py OUT.json [--only v1:ShowDomain,v2:ListAreaDetail]

The output is deterministic: operations and models sorted by name.
"""
import argparse
import ast
import html
import importlib
import importlib.metadata
import inspect
import json
import re
import textwrap

PACKAGE = "huaweicloudsdklive"
VERSIONS = ("v1", "v2")
PRIMITIVES = {"str", "int", "float", "bool", "object", "date", "datetime", "file"}


def marker(attr):
    return "\0%s\0" % attr


def required_members(cls):
    """{attribute: required} read from the statements of `cls.__init__`."""
    source = textwrap.dedent(inspect.getsource(cls.__init__))
    body = ast.parse(source).body[0].body
    out = {}
    for statement in body:
        if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Attribute):
            attr = statement.targets[0].attr
            value = statement.value
            if not attr.startswith("_") and isinstance(value, ast.Name) and value.id == attr:
                out[attr] = True
        elif isinstance(statement, ast.If):
            for inner in statement.body:
                if isinstance(inner, ast.Assign) and isinstance(inner.targets[0], ast.Attribute):
                    out[inner.targets[0].attr] = False
    return out


def unescaped(text):
    """The pages' text as the SDK's generator escaped it (`\\"`, `\\&quot;`), restored."""
    return html.unescape(text.replace('\\"', '"').replace("\\&", "&"))


def description(cls, attr):
    """The property's docstring without the generator's own lines."""
    prop = getattr(cls, attr, None)
    doc = inspect.getdoc(prop.fget) if isinstance(prop, property) else ""
    skip = (":return:", ":rtype:", "Gets the ")
    return unescaped("\n".join(l for l in (doc or "").splitlines() if not l.startswith(skip)).strip())


def referenced(type_text):
    return [name for name in re.findall(r"[A-Za-z_]\w*", type_text) if name not in PRIMITIVES
            and name not in ("list", "dict")]


def collect_model(module, name, models):
    if name in models or name in PRIMITIVES:
        return
    cls = getattr(module, name, None)
    if cls is None:
        models[name] = {"missing": True}
        return
    models[name] = None  # reserved against cycles
    values = sorted(v for k, v in vars(cls).items() if k.isupper() and isinstance(v, (str, int)))
    if not cls.openapi_types and values:
        # An enum schema: a class of constants.
        models[name] = {"enum": values}
        return
    required = required_members(cls)
    fields = []
    for attr, type_text in cls.openapi_types.items():
        fields.append({
            "name": attr,
            "wire": cls.attribute_map[attr],
            "type": type_text,
            "required": required.get(attr, False),
            "description": description(cls, attr),
        })
        for ref in referenced(type_text):
            collect_model(module, ref, models)
    models[name] = {"fields": fields}


def camel(snake):
    return "".join(part[:1].upper() + part[1:] for part in snake.split("_"))


def operations(version, only):
    client = importlib.import_module("%s.%s.live_client" % (PACKAGE, version)).LiveClient
    module = importlib.import_module("%s.%s.model" % (PACKAGE, version))
    ops, models = [], {}
    for method in sorted(m for m in vars(client) if m.startswith("_") and m.endswith("_http_info")):
        snake = method[1:-len("_http_info")]
        name = camel(snake)
        if only is not None and (version, name) not in only:
            continue
        public = getattr(client, snake)
        doc = inspect.getdoc(public) or ""
        found = re.search(r":type request: :class:`[\w.]+\.(\w+)`", doc)
        request_type = found.group(1) if found else name + "Request"
        request_cls = getattr(module, request_type)
        request = request_cls.__new__(request_cls)
        for attr in request_cls.openapi_types:
            setattr(request, "_" + attr, marker(attr))
        info = getattr(client, method)(request)
        where = {}
        for wire, value in info["path_params"].items():
            where[value] = ("path", wire)
        for wire, value in info["query_params"]:
            where[value] = ("query", wire)
        for wire, value in info["header_params"].items():
            where.setdefault(value, ("header", wire))
        for wire, value in (info.get("post_params") or {}).items():
            where[value] = ("form", wire)
        if info["body"] is not None:
            where[info["body"]] = ("body", None)
        required = required_members(request_cls)
        params = []
        for attr, type_text in request_cls.openapi_types.items():
            location, wire = where.get(marker(attr), ("unplaced", None))
            params.append({
                "name": attr,
                "wire": wire,
                "in": location,
                "type": type_text,
                "required": required.get(attr, False),
                "collection_format": info["collection_formats"].get(wire),
                "description": description(request_cls, attr),
            })
            for ref in referenced(type_text):
                collect_model(module, ref, models)
        collect_model(module, info["response_type"], models)
        summary, _, rest = doc.partition("\n")
        ops.append({
            "name": name,
            "method": info["method"],
            "path": info["resource_path"],
            "summary": unescaped(summary.strip()),
            "description": unescaped(rest.split("Please refer to")[0].strip()),
            "request_type": request_type,
            "response_type": info["response_type"],
            "response_headers": sorted(info["response_headers"]),
            "params": params,
        })
    return ops, {k: models[k] for k in sorted(models)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--only", help="VERSION:Operation,... (an excerpt)")
    args = parser.parse_args()
    only = None
    if args.only:
        only = {tuple(item.split(":", 1)) for item in args.only.split(",")}
    out = {
        "package": "%s==%s" % (PACKAGE, importlib.metadata.version(PACKAGE)),
        "versions": {},
    }
    for version in VERSIONS:
        ops, models = operations(version, only)
        out["versions"][version] = {"operations": ops, "models": models}
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
