-- Rotates through search URLs read from a file, one per line.
local urls = {}
local i = 0
init = function(args)
  for line in io.lines(args[1]) do urls[#urls + 1] = line end
  i = math.random(#urls)
end
request = function()
  i = i % #urls + 1
  return wrk.format("GET", urls[i], {["Accept-Encoding"] = "gzip"})
end
