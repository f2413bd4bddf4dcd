/**
 * Appends one message to a stream, atomically in Redis.
 *
 * KEYS: 1 the stream, 2 its seq counter, 3 the cluster epoch, 4 the leader lease; for a message
 * that is also kept in a history (alerts), 5 the history's index (id by seq) and 6 its records
 * (data by id).
 * ARGV: 1 an epoch to start if there is none (a fresh or emptied Redis), 2 the lease token the
 * publisher holds ('' for streams any node may publish to), 3 the frame's head up to the epoch,
 * 4 ts, 5 data as JSON, 6 entries to keep, 7 the oldest ts to keep; with a history, 8 the
 * message's id and 9 how many entries the history keeps.
 *
 * The seq is the entry id (`<seq>-0`), so replay from a position is a plain XRANGE. Entries older
 * than the age bound are dropped from the front, a few per call, never the one just added.
 * The history is written in the same step, so a message is in both or in neither.
 * Answers { epoch, seq }.
 */
export const PUBLISH_LUA = `
if ARGV[2] ~= '' and redis.call('GET', KEYS[4]) ~= ARGV[2] then
  return redis.error_reply('FENCED this node does not hold the leader lease')
end
local epoch = redis.call('GET', KEYS[3])
if not epoch then
  epoch = ARGV[1]
  redis.call('SET', KEYS[3], epoch)
end
local seq = redis.call('INCR', KEYS[2])
local id = seq .. '-0'
local frame = ARGV[3] .. epoch .. '","seq":' .. seq .. ',"ts":' .. ARGV[4] .. ',"data":' .. ARGV[5] .. '}'
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[6], id, 't', ARGV[4], 'f', frame)
local oldest = tonumber(ARGV[7])
local head = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 4)
for _, entry in ipairs(head) do
  if entry[1] == id or tonumber(entry[2][2]) >= oldest then break end
  redis.call('XDEL', KEYS[1], entry[1])
end
if #KEYS >= 6 then
  redis.call('ZADD', KEYS[5], seq, ARGV[8])
  redis.call('HSET', KEYS[6], ARGV[8], ARGV[5])
  local excess = redis.call('ZCARD', KEYS[5]) - tonumber(ARGV[9])
  if excess > 0 then
    local gone = redis.call('ZRANGE', KEYS[5], 0, excess - 1)
    redis.call('ZREMRANGEBYRANK', KEYS[5], 0, excess - 1)
    redis.call('HDEL', KEYS[6], unpack(gone))
  end
end
return { epoch, seq }
`;
