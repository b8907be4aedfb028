"""A documentation page in the corpus style, for when the real reference is not at hand.

It documents one large response (48 fields, nested objects and arrays of objects, each in
its own grid table reached through a ``:ref:`` label), so that ``envelint schemas build``
derives a schema of the same size and shape as the ECS details query.
"""

from __future__ import annotations

from pathlib import Path

TOPIC = "en-us_topic_9900000001"

# table name -> rows of (parameter, type, description); "-> name" links to that table.
TABLES: dict[str, list[tuple[str, str, str]]] = {
    "Response parameters": [("widget", "Object", "Specifies the widget. -> widget")],
    "widget": [
        ("id", "String", "Specifies the widget ID in UUID format."),
        ("name", "String", "Specifies the widget name."),
        ("status", "String", "Specifies the widget status."),
        ("description", "String", "Specifies the widget description."),
        ("created", "String", "Specifies the time when the widget was created."),
        ("updated", "String", "Specifies the time when the widget was last updated."),
        ("tenant_id", "String", "Specifies the ID of the tenant owning the widget."),
        ("user_id", "String", "Specifies the ID of the user who created the widget."),
        ("host_id", "String", "Specifies the hash value of the host ID."),
        ("availability_zone", "String", "Specifies the AZ of the widget."),
        ("key_name", "String", "Specifies the key pair of the widget."),
        ("progress", "Integer", "Specifies the creation progress in percent."),
        ("power_state", "Integer", "Specifies the power state."),
        ("launch_index", "Integer", "Specifies the launch sequence number."),
        ("locked", "Boolean", "Specifies whether the widget is locked."),
        ("config_drive", "String", "Specifies the config drive."),
        ("hostname", "String", "Specifies the host name."),
        ("root_device_name", "String", "Specifies the device name of the system disk."),
        ("flavor", "Object", "Specifies the flavor. -> flavor"),
        ("image", "Object", "Specifies the image. -> image"),
        ("metadata", "Object", "Specifies the metadata. -> metadata"),
        ("security_groups", "Array of objects", "Specifies the security groups. -> group"),
        ("volumes_attached", "Array of objects", "Specifies the attached disks. -> volume"),
        ("nics", "Array of objects", "Specifies the NICs. -> nic"),
        ("tags", "Array of strings", "Specifies the tags."),
    ],
    "flavor": [
        ("id", "String", "Specifies the flavor ID."),
        ("name", "String", "Specifies the flavor name."),
        ("disk", "String", "Specifies the system disk size in GB."),
        ("vcpus", "String", "Specifies the number of vCPUs."),
        ("ram", "String", "Specifies the memory size in MB."),
    ],
    "image": [("id", "String", "Specifies the image ID.")],
    "metadata": [
        ("charging_mode", "String", "Specifies the billing mode."),
        ("vpc_id", "String", "Specifies the VPC ID."),
        ("image_name", "String", "Specifies the image name."),
        ("os_type", "String", "Specifies the OS type."),
        ("os_bit", "String", "Specifies the OS bit width."),
    ],
    "group": [
        ("id", "String", "Specifies the security group ID."),
        ("name", "String", "Specifies the security group name."),
    ],
    "volume": [
        ("id", "String", "Specifies the disk ID."),
        ("device", "String", "Specifies the device name."),
        ("boot_index", "String", "Specifies the boot sequence."),
        ("delete_on_termination", "String", "Specifies whether the disk is deleted with it."),
    ],
    "nic": [
        ("port_id", "String", "Specifies the port ID."),
        ("mac_addr", "String", "Specifies the MAC address."),
        ("addr", "String", "Specifies the IP address."),
        ("version", "String", "Specifies the IP address version."),
        ("type", "String", "Specifies the IP address type."),
    ],
}


def _label(index: int) -> str:
    return f"{TOPIC}__table{index}"


def _grid_table(rows: list[tuple[str, str, str]]) -> list[str]:
    header = ("Parameter", "Type", "Description")
    widths = [max(len(row[i]) for row in [header, *rows]) + 2 for i in range(3)]

    def border(char: str) -> str:
        return "+" + "+".join(char * width for width in widths) + "+"

    def line(cells: tuple[str, str, str]) -> str:
        padded = (f" {cell}".ljust(width) for cell, width in zip(cells, widths, strict=True))
        return "|" + "|".join(padded) + "|"

    out = [border("-"), line(header), border("=")]
    for row in rows:
        out += [line(row), border("-")]
    return out


def _rows_with_links(rows: list[tuple[str, str, str]], numbers: dict[str, int]):
    for name, kind, description in rows:
        if " -> " in description:
            text, target = description.split(" -> ")
            number = numbers[target]
            description = f"{text} For details, see :ref:`Table {number} <{_label(number)}>`."
        yield name, kind, description


def page_text() -> str:
    numbers = {name: index for index, name in enumerate(TABLES, start=2)}
    lines = [
        f":original_name: {TOPIC}.html",
        "",
        f".. _{TOPIC}:",
        "",
        "Querying Details About a Widget",
        "===============================",
        "",
        "Function",
        "--------",
        "",
        "This API is used to query details about a widget.",
        "",
        "URI",
        "---",
        "",
        "GET /v1/{project_id}/widgets/{widget_id}",
        "",
        "Request",
        "-------",
        "",
        "None",
        "",
        "Response",
        "--------",
        "",
    ]
    for name, rows in TABLES.items():
        number = numbers[name]
        caption = name if name == "Response parameters" else f"**{name}** field description"
        lines += [f".. _{_label(number)}:", "", f".. table:: **Table {number}** {caption}", ""]
        table = _grid_table(list(_rows_with_links(rows, numbers)))
        lines += ["   " + row for row in table] + [""]
    return "\n".join(lines)


def write_page(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page_text(), encoding="utf-8")
    return path
