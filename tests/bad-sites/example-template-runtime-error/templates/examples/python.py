await client({{ method.nonexistent.deeper }})
