{#- Python for pytdbot, an asyncio TDLib wrapper: `invoke` takes the request as TDLib's JSON
    interface does, a dict whose `@type` names the constructor; an `int64` is a string, `bytes`
    base64. Rendered with `example`, an `Example` of tldoc's `examples` module. Tera components
    are shared by every template, so this file's components are named after it. -#}
{%- component pytdbot.string(text) -%}
"{{ text | replace(from="\\", to="\\\\") | replace(from="\"", to="\\\"") }}"
{%- endcomponent pytdbot.string -%}
{%- component pytdbot.object(call, indent) -%}
{%- if not call.params -%}
{ "@type": {{ <pytdbot.string text={call.name}/> }} }
{%- else -%}
{
{{ indent }}    "@type": {{ <pytdbot.string text={call.name}/> }},
{%- for arg in call.params %}
{{ indent }}    {{ <pytdbot.string text={arg.name}/> }}: {{ <pytdbot.value v={arg.value} indent={indent ~ "    "}/> }},
{%- endfor %}
{{ indent }}}

{%- endif -%}
{%- endcomponent pytdbot.object -%}
{%- component pytdbot.value(v, indent) -%}
{%- if v.kind in ["int", "double"] -%}
{{ v.value }}
{%- elif v.kind in ["long", "int128", "int256", "string"] -%}
{{ <pytdbot.string text={v.value}/> }}
{%- elif v.kind == "bytes" -%}
"{{ v.base64 }}"
{%- elif v.kind == "bool" -%}
{% if v.value %}True{% else %}False{% endif %}
{%- elif v.kind == "flag" -%}
True
{%- elif v.kind == "vector" -%}
[{% for item in v.items %}{{ <pytdbot.value v={item} indent={indent}/> }}{% if not loop.last %}, {% endif %}{% endfor %}]
{%- else -%}
{{ <pytdbot.object call={v} indent={indent}/> }}
{%- endif -%}
{%- endcomponent pytdbot.value -%}
from pytdbot import Client


async def main(client: Client):
    # client: a pytdbot Client, started and logged in
    result = await client.invoke({{ <pytdbot.object call={example} indent="    "/> }})
    print(result)
