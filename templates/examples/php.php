{#- PHP for MadelineProto: named arguments, objects as arrays whose `_` names the constructor.
    Rendered with `example`, an `Example` of tldoc's `examples` module. Tera components are
    shared by every template, so this file's components are named after it. -#}
{%- component php.string(text) -%}
'{{ text | replace(from="\\", to="\\\\") | replace(from="'", to="\\'") }}'
{%- endcomponent php.string -%}
{%- component php.value(v) -%}
{%- if v.kind in ["int", "long", "double"] -%}
{{ v.value }}
{%- elif v.kind == "int128" -%}
random_bytes(16)
{%- elif v.kind == "int256" -%}
random_bytes(32)
{%- elif v.kind == "string" or v.kind == "bytes" -%}
{{ <php.string text={v.value}/> }}
{%- elif v.kind == "bool" -%}
{% if v.value %}true{% else %}false{% endif %}
{%- elif v.kind == "flag" -%}
true
{%- elif v.kind == "vector" -%}
[{% for item in v.items %}{{ <php.value v={item}/> }}{% if not loop.last %}, {% endif %}{% endfor %}]
{%- else -%}
['_' => {{ <php.string text={v.name}/> }}{% for arg in v.params %}, {{ <php.string text={arg.name}/> }} => {{ <php.value v={arg.value}/> }}{% endfor %}]
{%- endif -%}
{%- endcomponent php.value -%}
<?php
// $MadelineProto: a logged-in \danog\MadelineProto\API
$result = $MadelineProto->{% if example.namespace %}{{ example.namespace | replace(from=".", to="->") }}->{% endif %}{{ example.short_name }}(
{%- for arg in example.params %}
    {{ arg.name }}: {{ <php.value v={arg.value}/> }},
{%- endfor %}
{%- if example.params %}
{% endif %});
var_dump($result);
