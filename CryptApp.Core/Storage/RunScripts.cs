namespace CryptApp.Core.Storage;

/// <summary>
/// The run state machine's transitions, one Lua script each, so every transition is atomic: no reader
/// or other replica ever sees a run between two states, a cancel and a take cannot both win, and a
/// marker, record and message are created together or not at all. Every key a script touches carries
/// the <c>{jobs}</c> hash tag (see <see cref="RedisKeys"/>), so they also run on Redis Cluster.
/// </summary>
internal static class RunScripts
{
    // A marker counts while its run is queued, or running under a live lease; anything else is stale.
    private const string ActiveRunOf = """
        local function active_run(job)
          local id = redis.call('GET', ACTIVE .. job)
          if not id then return nil end
          local status = redis.call('HGET', RUN .. id, 'status')
          if status == 'Queued' then return id end
          if status == 'Running' and redis.call('EXISTS', LEASE .. id) == 1 then return id end
          return nil
        end
        """;

    // Every run is in the job's index, and in its status's index and the job's one; a transition moves it between them.
    private const string IndexRun = """
        local function index_run(id, job, from, to)
          local score = redis.call('ZSCORE', RUNS, id)
          if from then
            redis.call('ZREM', STATUSRUNS .. from, id)
            redis.call('ZREM', JOBRUNS .. job .. ':status:' .. from, id)
          end
          if to then
            redis.call('ZADD', STATUSRUNS .. to, score, id)
            redis.call('ZADD', JOBRUNS .. job .. ':status:' .. to, score, id)
          end
        end
        """;

    private static string WithPrefixes(string body) => $"""
        local RUN = '{RedisKeys.RunPrefix}'
        local LEASE = '{RedisKeys.LeasePrefix}'
        local ACTIVE = '{RedisKeys.ActivePrefix}'
        local RUNS = '{RedisKeys.RunIndex}'
        local JOBRUNS = '{RedisKeys.RunsOfJobPrefix}'
        local STATUSRUNS = '{RedisKeys.RunsInStatusPrefix}'
        {ActiveRunOf}
        {IndexRun}
        {body}
        """;

    /// <summary>
    /// KEYS: run, index, queue, transitions. ARGV: id, job, trigger, now, message, trace, attempt, retryOf.
    /// Returns {1, id} for a new queued run, {0, id} for the job's run already queued or running.
    /// </summary>
    public static readonly string Enqueue = WithPrefixes("""
        local existing = active_run(ARGV[2])
        if existing then return {0, existing} end
        redis.call('HSET', KEYS[1], 'job', ARGV[2], 'trigger', ARGV[3], 'status', 'Queued', 'queuedAt', ARGV[4],
          'message', ARGV[5], 'trace', ARGV[6], 'attempt', ARGV[7], 'retryOf', ARGV[8])
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
        redis.call('ZADD', JOBRUNS .. ARGV[2], ARGV[4], ARGV[1])
        index_run(ARGV[1], ARGV[2], nil, 'Queued')
        redis.call('LPUSH', KEYS[3], ARGV[5])
        redis.call('SET', ACTIVE .. ARGV[2], ARGV[1])
        return {1, ARGV[1]}
        """);

    /// <summary>
    /// KEYS: run, index, running, last success, transitions. ARGV: id, job, trigger, now, owner, lease ms, stale-before ms or ''.
    /// A run that starts without the queue (schedule, start-up). Returns 'started', 'busy' or 'fresh'
    /// (the job's last success is newer than stale-before).
    /// </summary>
    public static readonly string Start = WithPrefixes("""
        if ARGV[7] ~= '' then
          local last = redis.call('GET', KEYS[4])
          if last and tonumber(last) >= tonumber(ARGV[7]) then return 'fresh' end
        end
        if active_run(ARGV[2]) then return 'busy' end
        redis.call('HSET', KEYS[1], 'job', ARGV[2], 'trigger', ARGV[3], 'status', 'Running', 'queuedAt', ARGV[4],
          'startedAt', ARGV[4], 'owner', ARGV[5], 'heartbeatAt', ARGV[4], 'attempt', '1')
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
        redis.call('ZADD', JOBRUNS .. ARGV[2], ARGV[4], ARGV[1])
        index_run(ARGV[1], ARGV[2], nil, 'Running')
        redis.call('SADD', KEYS[3], ARGV[1])
        redis.call('SET', LEASE .. ARGV[1], ARGV[5], 'PX', ARGV[6])
        redis.call('SET', ACTIVE .. ARGV[2], ARGV[1])
        return 'started'
        """);

    /// <summary>
    /// KEYS: queue, dead letters, running, transitions. ARGV: owner, lease ms, now.
    /// Returns nil (empty), {'run', id, job, trace}, {'skip', id} (no longer queued) or {'dead', message}.
    /// The message is read first and popped last, after the writes that take its run: a server that refuses
    /// writes (full, <c>noeviction</c>) refuses the first one, and the message stays queued for a later take.
    /// </summary>
    public static readonly string Take = WithPrefixes("""
        local message = redis.call('LINDEX', KEYS[1], -1)
        if not message then return nil end
        local id = string.match(message, '^(%w+)|%w+|')
        local status = id and redis.call('HGET', RUN .. id, 'status')
        if not status then
          redis.call('LPUSH', KEYS[2], message)
          redis.call('RPOP', KEYS[1])
          return {'dead', message}
        end
        if status ~= 'Queued' then
          redis.call('RPOP', KEYS[1])
          return {'skip', id}
        end
        redis.call('HSET', RUN .. id, 'status', 'Running', 'owner', ARGV[1], 'startedAt', ARGV[3], 'heartbeatAt', ARGV[3])
        local fields = redis.call('HMGET', RUN .. id, 'job', 'trace')
        index_run(id, fields[1], 'Queued', 'Running')
        redis.call('SADD', KEYS[3], id)
        redis.call('SET', LEASE .. id, ARGV[1], 'PX', ARGV[2])
        redis.call('RPOP', KEYS[1])
        return {'run', id, fields[1], fields[2] or ''}
        """);

    /// <summary>
    /// KEYS: run, lease. ARGV: owner, lease ms, now. Returns 1 (renewed), 2 (renewed, cancel asked) or
    /// -1 (the run is no longer this owner's: settled by another replica, or never was).
    /// </summary>
    public static readonly string Renew = """
        local state = redis.call('HMGET', KEYS[1], 'status', 'owner', 'cancel')
        if state[1] ~= 'Running' or state[2] ~= ARGV[1] then return -1 end
        local holder = redis.call('GET', KEYS[2])
        if holder and holder ~= ARGV[1] then return -1 end
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
        redis.call('HSET', KEYS[1], 'heartbeatAt', ARGV[3])
        if state[3] == '1' then return 2 end
        return 1
        """;

    /// <summary>KEYS: run. ARGV: owner, progress JSON. Returns 1, or 0 when the run is not this owner's running run.</summary>
    public static readonly string Progress = """
        local state = redis.call('HMGET', KEYS[1], 'status', 'owner')
        if state[1] ~= 'Running' or state[2] ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'progress', ARGV[2])
        return 1
        """;

    /// <summary>
    /// KEYS: run, lease, running, last success, transitions. ARGV: id, owner, status, now, reason, progress JSON.
    /// Returns 1, or 0 when the run is not this owner's running run (it was settled elsewhere).
    /// </summary>
    public static readonly string Finish = WithPrefixes("""
        local state = redis.call('HMGET', KEYS[1], 'status', 'owner', 'job')
        if state[1] ~= 'Running' or state[2] ~= ARGV[2] then return 0 end
        redis.call('HSET', KEYS[1], 'status', ARGV[3], 'finishedAt', ARGV[4], 'reason', ARGV[5], 'progress', ARGV[6])
        index_run(ARGV[1], state[3], 'Running', ARGV[3])
        redis.call('DEL', KEYS[2])
        redis.call('SREM', KEYS[3], ARGV[1])
        if redis.call('GET', ACTIVE .. state[3]) == ARGV[1] then redis.call('DEL', ACTIVE .. state[3]) end
        if ARGV[3] == 'Succeeded' or ARGV[3] == 'PartiallySucceeded' then redis.call('SET', KEYS[4], ARGV[4]) end
        return 1
        """);

    /// <summary>
    /// KEYS: run, queue, transitions. ARGV: id, now, reason. A queued run is canceled at once (its message leaves the
    /// queue in the same step, so no Worker can take it); a running one is flagged for its Worker.
    /// Returns the status after the call, or nil for an unknown run.
    /// </summary>
    public static readonly string Cancel = WithPrefixes("""
        local state = redis.call('HMGET', KEYS[1], 'status', 'message', 'job')
        if not state[1] then return nil end
        if state[1] == 'Queued' then
          redis.call('HSET', KEYS[1], 'status', 'Canceled', 'finishedAt', ARGV[2], 'reason', ARGV[3])
          index_run(ARGV[1], state[3], 'Queued', 'Canceled')
          redis.call('LREM', KEYS[2], 0, state[2])
          if redis.call('GET', ACTIVE .. state[3]) == ARGV[1] then redis.call('DEL', ACTIVE .. state[3]) end
          return 'Canceled'
        end
        if state[1] == 'Running' then redis.call('HSET', KEYS[1], 'cancel', '1') end
        return state[1]
        """);

    /// <summary>
    /// KEYS: running, transitions. ARGV: now, reason, then the ids of the runs the caller is executing (skipped). Settles every running run whose lease lapsed (its Worker died):
    /// Failed with the reason and the lost owner, marker released. Returns the settled run ids.
    /// </summary>
    public static readonly string SettleLost = WithPrefixes("""
        local alive = {}
        for i = 3, #ARGV do alive[ARGV[i]] = true end
        local settled = {}
        for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          if redis.call('EXISTS', LEASE .. id) == 0 and not alive[id] then
            local state = redis.call('HMGET', RUN .. id, 'status', 'owner', 'job')
            if state[1] == 'Running' then
              redis.call('HSET', RUN .. id, 'status', 'Failed', 'finishedAt', ARGV[1],
                'reason', ARGV[2] .. ' (' .. (state[2] or '?') .. ' stopped renewing its lease)')
              index_run(id, state[3], 'Running', 'Failed')
              if redis.call('GET', ACTIVE .. state[3]) == id then redis.call('DEL', ACTIVE .. state[3]) end
              table.insert(settled, id)
              redis.call('SREM', KEYS[1], id)
            else
              redis.call('SREM', KEYS[1], id)
            end
          end
        end
        return settled
        """);

    /// <summary>
    /// KEYS: run, index, transitions. ARGV: id. Deletes a run that has ended, from its record and every index.
    /// Returns 1, or 0 for a queued or running run (kept).
    /// </summary>
    public static readonly string Forget = WithPrefixes("""
        local state = redis.call('HMGET', KEYS[1], 'status', 'job')
        if state[1] == 'Queued' or state[1] == 'Running' then return 0 end
        if state[2] then
          index_run(ARGV[1], state[2], state[1], nil)
          redis.call('ZREM', JOBRUNS .. state[2], ARGV[1])
        end
        redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[2], ARGV[1])
        return 1
        """);

    /// <summary>
    /// KEYS: index, indexed marker, transitions. Puts every run of the index into its job's and status's indexes
    /// (runs written without them); a run whose record is gone leaves the index. Returns how many runs it indexed.
    /// </summary>
    public static readonly string IndexAll = WithPrefixes("""
        local indexed = 0
        for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
          local state = redis.call('HMGET', RUN .. id, 'status', 'job')
          if state[1] and state[2] then
            redis.call('ZADD', JOBRUNS .. state[2], redis.call('ZSCORE', KEYS[1], id), id)
            index_run(id, state[2], nil, state[1])
            indexed = indexed + 1
          else
            redis.call('ZREM', KEYS[1], id)
          end
        end
        redis.call('SET', KEYS[2], '1')
        return indexed
        """);
}
