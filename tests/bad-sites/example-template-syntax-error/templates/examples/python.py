await client({{ method.name }
