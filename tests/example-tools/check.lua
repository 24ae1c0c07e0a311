-- Checks that Lua files parse, all in one process: `loadfile` compiles a file without running it,
-- as `luac -p` does, but Debian's luac 5.4.4 aborts ("double free") when given several files.
--
-- Usage: lua5.4 check.lua FILE...
-- Prints `FILE:LINE: MESSAGE` for each file that does not parse, and exits with 1 if any does not.
local failed = false
for _, file in ipairs(arg) do
  local chunk, message = loadfile(file)
  if not chunk then
    print(message)
    failed = true
  end
end
os.exit(failed and 1 or 0)
