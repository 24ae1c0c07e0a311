{#- TypeScript for GramJS, as an ES module (where top-level `await` is valid). Rendered with
    `example`, an `Example` of tldoc's `examples` module. Tera components are shared by every
    template, so this file's components are named after it. -#}
{%- component typescript.string(text) -%}
"{{ text | replace(from="\\", to="\\\\") | replace(from="\"", to="\\\"") }}"
{%- endcomponent typescript.string -%}
{%- component typescript.new(call) -%}
new Api.{% if call.namespace %}{{ call.namespace }}.{% endif %}{{ call.class_name }}(
{%- if call.params -%}
{#- GramJS reads the `string` fields of the auth key exchange as bytes (AUTH_KEY_TYPES in
    its `tl/generationHelpers.js`): those take a Buffer. -#}
{%- set as_bytes = call.name in ["resPQ", "p_q_inner_data", "p_q_inner_data_dc", "p_q_inner_data_temp", "p_q_inner_data_temp_dc", "server_DH_params_ok", "server_DH_inner_data", "client_DH_inner_data", "req_DH_params", "set_client_DH_params", "gzip_packed"] -%}
{ {% for arg in call.params %}{{ arg.camel_name }}: {{ <typescript.value v={arg.value} as_bytes={as_bytes}/> }}{% if not loop.last %}, {% endif %}{% endfor %} }
{%- elif call.has_params -%}
{}
{%- endif -%}
)
{%- endcomponent typescript.new -%}
{%- component typescript.value(v, as_bytes=false) -%}
{%- if v.kind == "int" or v.kind == "double" or v.kind == "bool" -%}
{{ v.value }}
{%- elif v.kind == "long" or v.kind == "int128" or v.kind == "int256" -%}
bigInt("{{ v.value }}")
{%- elif v.kind == "string" and not as_bytes -%}
{{ <typescript.string text={v.value}/> }}
{%- elif v.kind == "bytes" or v.kind == "string" -%}
Buffer.from({{ <typescript.string text={v.value}/> }})
{%- elif v.kind == "flag" -%}
true
{%- elif v.kind == "vector" -%}
[{% for item in v.items %}{{ <typescript.value v={item}/> }}{% if not loop.last %}, {% endif %}{% endfor %}]
{%- else -%}
{{ <typescript.new call={v}/> }}
{%- endif -%}
{%- endcomponent typescript.value -%}
{#- GramJS types `long`, `int128` and `int256` as `BigInteger` of the `big-integer` package. -#}
{% if example.big_integers %}import bigInt from "big-integer";
{% endif -%}
import { Api, TelegramClient } from "telegram";

declare const client: TelegramClient; // connected
{% if example.params -%}
const result = await client.invoke(
  new Api.{% if example.namespace %}{{ example.namespace }}.{% endif %}{{ example.class_name }}({
{%- set as_bytes = example.name in ["resPQ", "p_q_inner_data", "p_q_inner_data_dc", "p_q_inner_data_temp", "p_q_inner_data_temp_dc", "server_DH_params_ok", "server_DH_inner_data", "client_DH_inner_data", "req_DH_params", "set_client_DH_params", "gzip_packed"] -%}
{%- for arg in example.params %}
    {{ arg.camel_name }}: {{ <typescript.value v={arg.value} as_bytes={as_bytes}/> }},
{%- endfor %}
  })
);
{% else -%}
const result = await client.invoke({{ <typescript.new call={example}/> }});
{% endif -%}
console.log(result);
