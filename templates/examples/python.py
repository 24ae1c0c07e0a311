{#- Python for Telethon. Rendered with `example`, an `Example` of tldoc's `examples` module.
    Tera components are shared by every template, so this file's components are named after
    it. -#}
{%- component python.string(text) -%}
"{{ text | replace(from="\\", to="\\\\") | replace(from="\"", to="\\\"") }}"
{%- endcomponent python.string -%}
{#- Telethon calls `self` `is_self`; other keywords take a trailing underscore (PEP 8). -#}
{%- component python.name(name) -%}
{%- if name == "self" -%}
is_self
{%- elif name in ["False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield"] -%}
{{ name }}_
{%- else -%}
{{ name }}
{%- endif -%}
{%- endcomponent python.name -%}
{%- component python.class(call, module, suffix) -%}
{{ module }}.{% if call.namespace %}{{ call.namespace }}.{% endif %}{{ call.class_name }}{{ suffix }}
{%- endcomponent python.class -%}
{%- component python.value(v) -%}
{%- if v.kind in ["int", "long", "int128", "int256", "double"] -%}
{{ v.value }}
{%- elif v.kind == "string" -%}
{{ <python.string text={v.value}/> }}
{%- elif v.kind == "bytes" -%}
b{{ <python.string text={v.value}/> }}
{%- elif v.kind == "bool" -%}
{% if v.value %}True{% else %}False{% endif %}
{%- elif v.kind == "flag" -%}
True
{%- elif v.kind == "vector" -%}
[{% for item in v.items %}{{ <python.value v={item}/> }}{% if not loop.last %}, {% endif %}{% endfor %}]
{%- else -%}
{% if v.kind == "query" %}{{ <python.class call={v} module="functions" suffix="Request"/> }}{% else %}{{ <python.class call={v} module="types" suffix=""/> }}{% endif -%}
({% for arg in v.params %}{{ <python.name name={arg.name}/> }}={{ <python.value v={arg.value}/> }}{% if not loop.last %}, {% endif %}{% endfor %})
{%- endif -%}
{%- endcomponent python.value -%}
from telethon import functions, types


async def main(client):
    # client: a connected TelegramClient
{%- if example.params %}
    result = await client({{ <python.class call={example} module="functions" suffix="Request"/> }}(
{%- for arg in example.params %}
        {{ <python.name name={arg.name}/> }}={{ <python.value v={arg.value}/> }},
{%- endfor %}
    ))
{%- else %}
    result = await client({{ <python.class call={example} module="functions" suffix="Request"/> }}())
{%- endif %}
    print(result)
