namespace CryptApp.Core.Storage;

/// <summary>
/// The venue parts' transitions, one Lua script each (see <see cref="PartQueue"/>). A part is one
/// venue's share of a running run: queued by the run's owner, taken by any live Worker under its own
/// lease, handed back when that Worker stops, queued again when it dies, and ended with its result.
/// Every key carries <c>{jobs}</c>, and every script declares <see cref="RedisKeys.Transitions"/>, so
/// they also run one at a time on a server that locks only declared keys.
/// </summary>
/// <remarks>
/// A run's parts stop being taken when the run is no longer <c>Running</c>, when a cancel was asked
/// (<c>cancel</c>) or when its owner called its parts off (<c>parts-canceled</c>, set by <see cref="Cancel"/>).
/// </remarks>
internal static class PartScripts
{
    private static string WithPrefixes(string body) => $"""
        local RUN = '{RedisKeys.RunPrefix}'
        local RUNLEASE = '{RedisKeys.LeasePrefix}'
        local PART = '{RedisKeys.PartPrefix}'
        local PARTLEASE = '{RedisKeys.PartLeasePrefix}'
        -- Redis's clock, not the calling Worker's: live marks, queue order and the claim grace compare one clock however Workers' clocks drift.
        local function server_ms()
          local t = redis.call('TIME')
          return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        end
        local function run_goes_on(run)
          local state = redis.call('HMGET', RUN .. (run or ''), 'status', 'cancel', 'parts-canceled')
          return state[1] == 'Running' and state[2] ~= '1' and state[3] ~= '1'
        end
        {body}
        """;

    /// <summary>
    /// KEYS: run, part queue, transitions. ARGV: run id, owner, keep ms, trace parent, then the venues.
    /// Queues one part per venue of the owner's running run, once; returns how many, or 0 when the run is not the owner's.
    /// </summary>
    public static readonly string Enqueue = WithPrefixes("""
        local state = redis.call('HMGET', KEYS[1], 'status', 'owner', 'parts')
        if state[1] ~= 'Running' or state[2] ~= ARGV[2] then return 0 end
        -- Queued already (a retry whose first answer was lost): queuing again would restart parts already taken.
        if state[3] then return #ARGV - 4 end
        local now = server_ms()
        local venues = {}
        for i = 5, #ARGV do
          local id = ARGV[1] .. ':' .. ARGV[i]
          redis.call('DEL', PART .. id)
          redis.call('HSET', PART .. id, 'run', ARGV[1], 'venue', ARGV[i], 'status', 'Queued', 'queuedAt', now, 'attempt', '1', 'trace', ARGV[4])
          redis.call('PEXPIRE', PART .. id, ARGV[3])
          redis.call('ZADD', KEYS[2], now, id)
          table.insert(venues, ARGV[i])
        end
        redis.call('HSET', KEYS[1], 'parts', table.concat(venues, ','))
        return #venues
        """);

    /// <summary>
    /// KEYS: part queue, running parts, workers, transitions. ARGV: owner, lease ms, live window ms, claim grace ms,
    /// room, then the parts the caller is still executing (never taken again by it). Registers the owner as live,
    /// then (with room) takes the oldest part it may: a part whose run no longer goes on is canceled instead; a
    /// live Worker takes at most its fair share of a run's parts (ceil(parts / live Workers)) until a part has
    /// waited the claim grace, after which anyone takes it. Returns {part id, attempt, trace parent} or nil.
    /// </summary>
    public static readonly string Take = WithPrefixes("""
        local now = server_ms()
        redis.call('ZADD', KEYS[3], now, ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. (now - tonumber(ARGV[3])))
        if tonumber(ARGV[5]) <= 0 then return nil end
        local executing = {}
        for i = 6, #ARGV do executing[ARGV[i]] = true end
        local live = math.max(1, redis.call('ZCARD', KEYS[3]))
        local queued = redis.call('ZRANGE', KEYS[1], 0, 99, 'WITHSCORES')
        for i = 1, #queued, 2 do
          local id = queued[i]
          local run = string.match(id, '^(%w+):')
          if not run_goes_on(run) then
            redis.call('ZREM', KEYS[1], id)
            redis.call('HSET', PART .. id, 'status', 'Canceled', 'finishedAt', now, 'reason', 'the run ended before this part started')
          elseif not executing[id] then
            local total, mine = 0, 0
            for venue in string.gmatch(redis.call('HGET', RUN .. run, 'parts') or '', '[^,]+') do
              total = total + 1
              if redis.call('HGET', PART .. run .. ':' .. venue, 'owner') == ARGV[1] then mine = mine + 1 end
            end
            if mine < math.ceil(total / live) or now - tonumber(queued[i + 1]) >= tonumber(ARGV[4]) then
              redis.call('ZREM', KEYS[1], id)
              redis.call('HSET', PART .. id, 'status', 'Running', 'owner', ARGV[1], 'startedAt', now, 'heartbeatAt', now)
              redis.call('SADD', KEYS[2], id)
              redis.call('SET', PARTLEASE .. id, ARGV[1], 'PX', ARGV[2])
              local fields = redis.call('HMGET', PART .. id, 'attempt', 'trace')
              return {id, fields[1] or '1', fields[2] or ''}
            end
          end
        end
        return nil
        """);

    /// <summary>
    /// KEYS: part, part lease, transitions. ARGV: owner, lease ms. Returns 1 (renewed), 2 (renewed, but the
    /// run no longer goes on: stop) or -1 (the part is no longer this owner's).
    /// </summary>
    public static readonly string Renew = WithPrefixes("""
        local state = redis.call('HMGET', KEYS[1], 'status', 'owner', 'run')
        if state[1] ~= 'Running' or state[2] ~= ARGV[1] then return -1 end
        local holder = redis.call('GET', KEYS[2])
        if holder and holder ~= ARGV[1] then return -1 end
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
        redis.call('HSET', KEYS[1], 'heartbeatAt', server_ms())
        if not run_goes_on(state[3]) then return 2 end
        return 1
        """);

    /// <summary>
    /// KEYS: part, part lease, running parts, transitions. ARGV: part id, owner, status, result JSON, keep ms.
    /// Returns 1, or 0 when the part is not this owner's running part (it was settled elsewhere).
    /// </summary>
    public static readonly string Finish = WithPrefixes("""
        local state = redis.call('HMGET', KEYS[1], 'status', 'owner')
        if state[1] ~= 'Running' or state[2] ~= ARGV[2] then return 0 end
        redis.call('HSET', KEYS[1], 'status', ARGV[3], 'finishedAt', server_ms(), 'progress', ARGV[4])
        redis.call('DEL', KEYS[2])
        redis.call('SREM', KEYS[3], ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return 1
        """);

    /// <summary>
    /// KEYS: part, part lease, running parts, part queue, transitions. ARGV: part id, owner, reason.
    /// A Worker that stops hands its running part back: queued again (next attempt) while its run goes on and is
    /// another Worker's (a run whose owner is the one stopping is about to be canceled), else canceled.
    /// Returns 1 (queued again), 2 (canceled) or 0 (not this owner's running part).
    /// </summary>
    public static readonly string Release = WithPrefixes("""
        local state = redis.call('HMGET', KEYS[1], 'status', 'owner', 'run', 'attempt')
        if state[1] ~= 'Running' or state[2] ~= ARGV[2] then return 0 end
        redis.call('DEL', KEYS[2])
        redis.call('SREM', KEYS[3], ARGV[1])
        local now = server_ms()
        if run_goes_on(state[3]) and redis.call('HGET', RUN .. state[3], 'owner') ~= ARGV[2] then
          redis.call('HSET', KEYS[1], 'status', 'Queued', 'queuedAt', now, 'attempt', tonumber(state[4] or '1') + 1, 'releasedBy', ARGV[2])
          redis.call('HDEL', KEYS[1], 'owner', 'progress', 'startedAt')
          redis.call('ZADD', KEYS[4], now, ARGV[1])
          return 1
        end
        redis.call('HSET', KEYS[1], 'status', 'Canceled', 'finishedAt', now, 'reason', ARGV[3])
        return 2
        """);

    /// <summary>
    /// KEYS: run, part queue, transitions. ARGV: run id, reason. Calls the run's parts off: the queued ones
    /// are canceled at once, the running ones stop at their next renewal (or at once, told on the cancel
    /// channel), and none is taken or queued again.
    /// </summary>
    public static readonly string Cancel = WithPrefixes("""
        redis.call('HSET', KEYS[1], 'parts-canceled', '1')
        for venue in string.gmatch(redis.call('HGET', KEYS[1], 'parts') or '', '[^,]+') do
          local id = ARGV[1] .. ':' .. venue
          if redis.call('HGET', PART .. id, 'status') == 'Queued' then
            redis.call('ZREM', KEYS[2], id)
            redis.call('HSET', PART .. id, 'status', 'Canceled', 'finishedAt', server_ms(), 'reason', ARGV[2])
          end
        end
        return 1
        """);

    /// <summary>
    /// KEYS: running parts, part queue, transitions. ARGV: max attempts, reason, then the ids of the parts the
    /// caller is executing (skipped). A running part whose lease lapsed (its Worker died) is queued again for
    /// another attempt while its run goes on under a live lease, else ends Failed with the reason and the lost
    /// owner. Returns {part id, 'requeued' | 'failed', lost owner} for each.
    /// </summary>
    public static readonly string SettleLost = WithPrefixes("""
        local now = server_ms()
        local alive = {}
        for i = 3, #ARGV do alive[ARGV[i]] = true end
        local settled = {}
        for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          if redis.call('EXISTS', PARTLEASE .. id) == 0 and not alive[id] then
            redis.call('SREM', KEYS[1], id)
            local state = redis.call('HMGET', PART .. id, 'status', 'owner', 'attempt', 'run')
            if state[1] == 'Running' then
              local owner = state[2] or '?'
              local attempt = tonumber(state[3] or '1')
              if run_goes_on(state[4]) and redis.call('EXISTS', RUNLEASE .. state[4]) == 1 and attempt < tonumber(ARGV[1]) then
                redis.call('HSET', PART .. id, 'status', 'Queued', 'queuedAt', now, 'attempt', attempt + 1, 'lostOwner', owner)
                redis.call('HDEL', PART .. id, 'owner', 'progress', 'startedAt')
                redis.call('ZADD', KEYS[2], now, id)
                table.insert(settled, {id, 'requeued', owner})
              else
                redis.call('HSET', PART .. id, 'status', 'Failed', 'finishedAt', now,
                  'reason', ARGV[2] .. ' (' .. owner .. ' stopped renewing its lease)')
                table.insert(settled, {id, 'failed', owner})
              end
            end
          end
        end
        return settled
        """);
}
