{#- TypeScript for tdl, TDLib's Node.js binding, as an ES module (where top-level `await` is
    valid): objects name their constructor in `_`; an `int64` is a string, `bytes` base64, other
    numbers numbers, as tdl passes them to TDLib's JSON interface. Rendered with `example`, an
    `Example` of tldoc's `examples` module. Tera components are shared by every template, so this
    file's components are named after it. tdl types requests with the
    declarations of the `tdlib-types` package (`@prebuilt-tdlib/types` for prebuilt-tdlib). -#}
{%- component tdl_typescript.string(text) -%}
'{{ text | replace(from="\\", to="\\\\") | replace(from="'", to="\\'") }}'
{%- endcomponent tdl_typescript.string -%}
{%- component tdl_typescript.object(call, indent) -%}
{%- if not call.params -%}
{ _: {{ <tdl_typescript.string text={call.name}/> }} }
{%- else -%}
{
{{ indent }}  _: {{ <tdl_typescript.string text={call.name}/> }},
{%- for arg in call.params %}
{{ indent }}  {{ arg.name }}: {{ <tdl_typescript.value v={arg.value} indent={indent ~ "  "}/> }},
{%- endfor %}
{{ indent }}}

{%- endif -%}
{%- endcomponent tdl_typescript.object -%}
{%- component tdl_typescript.value(v, indent) -%}
{%- if v.kind in ["int", "double"] -%}
{{ v.value }}
{%- elif v.kind in ["long", "int128", "int256", "string"] -%}
{{ <tdl_typescript.string text={v.value}/> }}
{%- elif v.kind == "bytes" -%}
'{{ v.base64 }}'
{%- elif v.kind == "bool" -%}
{% if v.value %}true{% else %}false{% endif %}
{%- elif v.kind == "flag" -%}
true
{%- elif v.kind == "vector" -%}
[{% for item in v.items %}{{ <tdl_typescript.value v={item} indent={indent}/> }}{% if not loop.last %}, {% endif %}{% endfor %}]
{%- else -%}
{{ <tdl_typescript.object call={v} indent={indent}/> }}
{%- endif -%}
{%- endcomponent tdl_typescript.value -%}
import type { Client } from 'tdl'

declare const client: Client // from tdl.createClient, logged in
const result = await client.invoke({{ <tdl_typescript.object call={example} indent=""/> }})
console.log(result)
