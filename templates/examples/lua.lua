{#- Lua, in the style of an MTProto client whose `call` takes the method's name and its
    parameters as a table; objects are tables whose `_` names the constructor. Rendered with
    `example`, an `Example` of tldoc's `examples` module. Tera components are shared by every
    template, so this file's components are named after it. -#}
{%- component lua.string(text) -%}
"{{ text | replace(from="\\", to="\\\\") | replace(from="\"", to="\\\"") }}"
{%- endcomponent lua.string -%}
{#- A keyword cannot be a bare table key. -#}
{%- component lua.key(name) -%}
{%- if name in ["and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while"] -%}
["{{ name }}"]
{%- else -%}
{{ name }}
{%- endif -%}
{%- endcomponent lua.key -%}
{%- component lua.value(v) -%}
{%- if v.kind in ["int", "long", "double"] -%}
{{ v.value }}
{%- elif v.kind in ["string", "bytes", "int128", "int256"] -%}
{{ <lua.string text={v.value}/> }}
{%- elif v.kind == "bool" -%}
{% if v.value %}true{% else %}false{% endif %}
{%- elif v.kind == "flag" -%}
true
{%- elif v.kind == "vector" -%}
{% if v.items %}{ {% for item in v.items %}{{ <lua.value v={item}/> }}{% if not loop.last %}, {% endif %}{% endfor %} }{% else %}{}{% endif %}
{%- else -%}
{ _ = {{ <lua.string text={v.name}/> }}{% for arg in v.params %}, {{ <lua.key name={arg.name}/> }} = {{ <lua.value v={arg.value}/> }}{% endfor %} }
{%- endif -%}
{%- endcomponent lua.value -%}
-- client: a connected MTProto client
local result = client:call({{ <lua.string text={example.name}/> }}, {
{%- for arg in example.params %}
  {{ <lua.key name={arg.name}/> }} = {{ <lua.value v={arg.value}/> }},
{%- endfor %}
{%- if example.params %}
{% endif %}})
print(result)
