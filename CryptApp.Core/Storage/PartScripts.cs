namespace CryptApp.Core.Storage;

/// <summary>
/// The venue parts' transitions, one Lua script each (see <see cref="PartQueue"/>). A part is one
/// venue's share of a running run: queued by the run's owner, taken by any live Worker under its own
/// lease, requeued when that Worker dies, and ended with its result. Every key carries <c>{jobs}</c>,
/// and the scripts that move parts between states declare <see cref="RedisKeys.Transitions"/>, so they
/// also run one at a time on a server that locks only declared keys.
/// </summary>
internal static class PartScripts
{
    private static string WithPrefixes(string body) => $"""
        local RUN = '{RedisKeys.RunPrefix}'
        local PART = '{RedisKeys.PartPrefix}'
        local PARTLEASE = '{RedisKeys.PartLeasePrefix}'
        {body}
        """;

    /// <summary>
    /// KEYS: run, part queue, transitions. ARGV: run id, now, owner, keep ms, then the venues.
    /// Queues one part per venue of the owner's running run; returns how many, or 0 when the run is not the owner's.
    /// </summary>
    public static readonly string Enqueue = WithPrefixes("""
        local state = redis.call('HMGET', KEYS[1], 'status', 'owner')
        if state[1] ~= 'Running' or state[2] ~= ARGV[3] then return 0 end
        local venues = {}
        for i = 5, #ARGV do
          local id = ARGV[1] .. ':' .. ARGV[i]
          redis.call('DEL', PART .. id)
          redis.call('HSET', PART .. id, 'run', ARGV[1], 'venue', ARGV[i], 'status', 'Queued', 'queuedAt', ARGV[2], 'attempt', '1')
          redis.call('PEXPIRE', PART .. id, ARGV[4])
          redis.call('ZADD', KEYS[2], ARGV[2], id)
          table.insert(venues, ARGV[i])
        end
        redis.call('HSET', KEYS[1], 'parts', table.concat(venues, ','))
        return #venues
        """);

    /// <summary>
    /// KEYS: part queue, running parts, workers, transitions. ARGV: owner, lease ms, now, live window ms, claim grace ms, room.
    /// Registers the owner as live, then (with room) takes the oldest part it may: a part whose run ended or
    /// was canceled is canceled instead; a live Worker takes at most its fair share of a run's parts
    /// (ceil(parts / live Workers)) until a part has waited the claim grace, after which anyone takes it.
    /// Returns {part id, attempt} or nil.
    /// </summary>
    public static readonly string Take = WithPrefixes("""
        local now = tonumber(ARGV[3])
        redis.call('ZADD', KEYS[3], now, ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. (now - tonumber(ARGV[4])))
        if tonumber(ARGV[6]) <= 0 then return nil end
        local live = math.max(1, redis.call('ZCARD', KEYS[3]))
        local queued = redis.call('ZRANGE', KEYS[1], 0, 99, 'WITHSCORES')
        for i = 1, #queued, 2 do
          local id = queued[i]
          local run = string.match(id, '^(%w+):')
          local state = redis.call('HMGET', RUN .. (run or ''), 'status', 'cancel', 'parts')
          if state[1] ~= 'Running' or state[2] == '1' then
            redis.call('ZREM', KEYS[1], id)
            redis.call('HSET', PART .. id, 'status', 'Canceled', 'finishedAt', ARGV[3], 'reason', 'the run ended before this part started')
          else
            local total, mine = 0, 0
            for venue in string.gmatch(state[3] or '', '[^,]+') do
              total = total + 1
              if redis.call('HGET', PART .. run .. ':' .. venue, 'owner') == ARGV[1] then mine = mine + 1 end
            end
            if mine < math.ceil(total / live) or now - tonumber(queued[i + 1]) >= tonumber(ARGV[5]) then
              redis.call('ZREM', KEYS[1], id)
              redis.call('HSET', PART .. id, 'status', 'Running', 'owner', ARGV[1], 'startedAt', ARGV[3], 'heartbeatAt', ARGV[3])
              redis.call('SADD', KEYS[2], id)
              redis.call('SET', PARTLEASE .. id, ARGV[1], 'PX', ARGV[2])
              return {id, redis.call('HGET', PART .. id, 'attempt') or '1'}
            end
          end
        end
        return nil
        """);

    /// <summary>
    /// KEYS: part, part lease. ARGV: owner, lease ms, now. Returns 1 (renewed), 2 (renewed, but the run ended
    /// or a cancel was asked: stop) or -1 (the part is no longer this owner's).
    /// </summary>
    public static readonly string Renew = WithPrefixes("""
        local state = redis.call('HMGET', KEYS[1], 'status', 'owner', 'run', 'cancel')
        if state[1] ~= 'Running' or state[2] ~= ARGV[1] then return -1 end
        local holder = redis.call('GET', KEYS[2])
        if holder and holder ~= ARGV[1] then return -1 end
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
        redis.call('HSET', KEYS[1], 'heartbeatAt', ARGV[3])
        local run = redis.call('HMGET', RUN .. state[3], 'status', 'cancel')
        if state[4] == '1' or run[1] ~= 'Running' or run[2] == '1' then return 2 end
        return 1
        """);

    /// <summary>
    /// KEYS: part, part lease, running parts, transitions. ARGV: part id, owner, status, now, result JSON, keep ms.
    /// Returns 1, or 0 when the part is not this owner's running part (it was settled elsewhere).
    /// </summary>
    public static readonly string Finish = """
        local state = redis.call('HMGET', KEYS[1], 'status', 'owner')
        if state[1] ~= 'Running' or state[2] ~= ARGV[2] then return 0 end
        redis.call('HSET', KEYS[1], 'status', ARGV[3], 'finishedAt', ARGV[4], 'progress', ARGV[5])
        redis.call('DEL', KEYS[2])
        redis.call('SREM', KEYS[3], ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[6])
        return 1
        """;

    /// <summary>
    /// KEYS: run, part queue, transitions. ARGV: run id, now, reason. The run's queued parts are canceled at
    /// once; its running ones are flagged, and stop at their next renewal (or at once, told on the cancel channel).
    /// </summary>
    public static readonly string Cancel = WithPrefixes("""
        for venue in string.gmatch(redis.call('HGET', KEYS[1], 'parts') or '', '[^,]+') do
          local id = ARGV[1] .. ':' .. venue
          local status = redis.call('HGET', PART .. id, 'status')
          if status == 'Queued' then
            redis.call('ZREM', KEYS[2], id)
            redis.call('HSET', PART .. id, 'status', 'Canceled', 'finishedAt', ARGV[2], 'reason', ARGV[3])
          elseif status == 'Running' then
            redis.call('HSET', PART .. id, 'cancel', '1')
          end
        end
        return 1
        """);

    /// <summary>
    /// KEYS: running parts, part queue, transitions. ARGV: now, max attempts, reason, then the ids of the parts the
    /// caller is executing (skipped). A running part whose lease lapsed (its Worker died) is queued again for
    /// another attempt while its run still runs, else ends Failed with the reason and the lost owner.
    /// Returns {part id, 'requeued' | 'failed', lost owner} for each.
    /// </summary>
    public static readonly string SettleLost = WithPrefixes("""
        local alive = {}
        for i = 4, #ARGV do alive[ARGV[i]] = true end
        local settled = {}
        for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          if redis.call('EXISTS', PARTLEASE .. id) == 0 and not alive[id] then
            redis.call('SREM', KEYS[1], id)
            local state = redis.call('HMGET', PART .. id, 'status', 'owner', 'attempt', 'run')
            if state[1] == 'Running' then
              local owner = state[2] or '?'
              local run = redis.call('HMGET', RUN .. state[4], 'status', 'cancel')
              local attempt = tonumber(state[3] or '1')
              if run[1] == 'Running' and run[2] ~= '1' and attempt < tonumber(ARGV[2]) then
                redis.call('HSET', PART .. id, 'status', 'Queued', 'queuedAt', ARGV[1], 'attempt', attempt + 1, 'lostOwner', owner)
                redis.call('HDEL', PART .. id, 'owner', 'progress', 'startedAt')
                redis.call('ZADD', KEYS[2], ARGV[1], id)
                table.insert(settled, {id, 'requeued', owner})
              else
                redis.call('HSET', PART .. id, 'status', 'Failed', 'finishedAt', ARGV[1],
                  'reason', ARGV[3] .. ' (' .. owner .. ' stopped renewing its lease)')
                table.insert(settled, {id, 'failed', owner})
              end
            end
          end
        end
        return settled
        """);
}
