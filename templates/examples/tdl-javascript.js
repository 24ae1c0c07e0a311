{#- JavaScript for tdl, TDLib's Node.js binding, as an ES module (where top-level `await` is
    valid): objects name their constructor in `_`; an `int64` is a string, `bytes` base64, other
    numbers numbers, as tdl passes them to TDLib's JSON interface. Rendered with `example`, an
    `Example` of tldoc's `examples` module. Tera components are shared by every template, so this
    file's components are named after it. -#}
{%- component tdl_javascript.string(text) -%}
'{{ text | replace(from="\\", to="\\\\") | replace(from="'", to="\\'") }}'
{%- endcomponent tdl_javascript.string -%}
{%- component tdl_javascript.object(call, indent) -%}
{%- if not call.params -%}
{ _: {{ <tdl_javascript.string text={call.name}/> }} }
{%- else -%}
{
{{ indent }}  _: {{ <tdl_javascript.string text={call.name}/> }},
{%- for arg in call.params %}
{{ indent }}  {{ arg.name }}: {{ <tdl_javascript.value v={arg.value} indent={indent ~ "  "}/> }},
{%- endfor %}
{{ indent }}}

{%- endif -%}
{%- endcomponent tdl_javascript.object -%}
{%- component tdl_javascript.value(v, indent) -%}
{%- if v.kind in ["int", "double"] -%}
{{ v.value }}
{%- elif v.kind in ["long", "int128", "int256", "string"] -%}
{{ <tdl_javascript.string text={v.value}/> }}
{%- elif v.kind == "bytes" -%}
'{{ v.base64 }}'
{%- elif v.kind == "bool" -%}
{% if v.value %}true{% else %}false{% endif %}
{%- elif v.kind == "flag" -%}
true
{%- elif v.kind == "vector" -%}
[{% for item in v.items %}{{ <tdl_javascript.value v={item} indent={indent}/> }}{% if not loop.last %}, {% endif %}{% endfor %}]
{%- else -%}
{{ <tdl_javascript.object call={v} indent={indent}/> }}
{%- endif -%}
{%- endcomponent tdl_javascript.value -%}
// client: a tdl client (tdl.createClient), logged in
const result = await client.invoke({{ <tdl_javascript.object call={example} indent=""/> }})
console.log(result)
