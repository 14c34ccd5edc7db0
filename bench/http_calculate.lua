-- http_calculate.lua — wrk script: POST /rpc with one `calculate` request (the README's person
-- under reform-2023-10), over keep-alive connections; counts answers that are not 200.
wrk.method = "POST"
wrk.path = "/rpc"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"calculate","params":{"as_of":"2025-09-30","scenario":"reform-2023-10",' ..
  '"person":{"id":"P-000123","birth_date":"1946-03-14","household":{"type":"single"},"needs":[{"from":"2023-10-01"}],' ..
  '"care":[{"from":"2023-10-01","setting":"care_home","category":"residential","stay":"permanent","arranged_by":"self",' ..
  '"personal_budget":"700.00","weekly_fee":"700.00"}],"finances":[{"from":"2023-10-01","savings":"250000.00",' ..
  '"income":[{"type":"state_pension","weekly":"221.20"}]}]}}}'

local bad = 0
response = function(status, headers, body)
  if status ~= 200 or not string.find(body, '"accrued":"52214.29"', 1, true) then bad = bad + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("answers not 200 or not the expected result: %d (per thread; see above for socket errors)\n", bad))
end
