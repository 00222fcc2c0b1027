using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EmergencyPlans.FeedLoad;

/// <summary>
/// A seeded synthetic 122 feed (docs/feed-122.md): mostly routine records, a few percent plan incidents
/// whose figures rise from message to message, exact duplicates, late (out-of-order) updates, conflicts
/// (a message id re-used with other content) and 1% garbage lines. The same seed writes the same file.
/// </summary>
public sealed class FeedGenerator
{
    // Real roads through Jincheng with the counties they cross.
    private static readonly (string Code, string Name, string[] Counties, int KmFrom, int KmTo)[] Roads =
    [
        ("G207", "国道207线", ["高平市", "泽州县"], 1020, 1130),
        ("G55", "二广高速", ["高平市", "泽州县"], 880, 960),
        ("G5512", "晋新高速", ["泽州县", "城区"], 0, 40),
        ("G22", "青兰高速", ["陵川县", "泽州县", "阳城县", "沁水县"], 1180, 1330),
    ];

    private static readonly string[] RoutineNatures = ["collision", "collision", "collision", "other", "fire", "weather-blockage"];
    private static readonly string[] RoutineTexts =
    [
        "两车追尾，无人员受伤，车辆已挪至应急车道",
        "小型客车与货车刮擦，一人轻微擦伤，已自行就医",
        "车辆抛锚占用行车道，已拖离",
        "团雾路段车速过快，一车撞击护栏，无人员伤亡",
        "路面结冰，车辆侧滑，驾驶人无碍",
        "货车轮胎起火，已扑灭，无人员伤亡",
    ];

    private readonly Random _random;
    private readonly DateTimeOffset _start;
    private readonly List<Dispatch> _active = [];
    private readonly List<Dispatch> _plans = [];
    private readonly List<string> _recent = [];
    private readonly List<(string EventId, string Line)> _recentIds = [];
    private readonly Queue<string> _held = new();
    private long _tick;
    private int _nextDispatch;
    private int _nextEvent;

    /// <param name="seed">Same seed, same feed.</param>
    /// <param name="start">The first record's time (with offset +08:00); each record advances the clock by about a second.</param>
    public FeedGenerator(int seed, DateTimeOffset start)
    {
        _random = new Random(seed);
        _start = start.ToOffset(TimeSpan.FromHours(8));
    }

    /// <summary>Share of plan-incident dispatch records among new ones.</summary>
    public double PlanShare { get; init; } = 0.02;

    /// <summary>Writes <paramref name="count"/> lines.</summary>
    public IEnumerable<string> Lines(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Next();
        }
    }

    private sealed class Dispatch
    {
        public string Id = "";
        public long Sequence;
        public bool Plan;
        public string County = "";
        public (string Code, string Name, string[] Counties, int KmFrom, int KmTo) Road;
        public decimal Km;
        public string Nature = "";
        public DateTimeOffset CallAt;
        public DateTimeOffset OccurredAt;
        public int Deaths, Serious, Injured, Trapped;
        public bool Hazmat, Coach;
        public string Status = "open";
    }

    private string Next()
    {
        _tick++;
        if (_held.Count > 0 && _random.Next(3) == 0)
        {
            return _held.Dequeue(); // a late message: its successor went out first
        }

        var r = _random.NextDouble();
        if (r < 0.01)
        {
            return Garbage();
        }

        if (r < 0.03 && _recent.Count > 0)
        {
            return _recent[_random.Next(_recent.Count)]; // an exact duplicate
        }

        if (r < 0.033 && _recentIds.Count > 0)
        {
            // A conflict: a message id the sender already used, with other content.
            var (eventId, line) = _recentIds[_random.Next(_recentIds.Count)];
            return line.Replace("\"status\":\"open\"", "\"status\":\"cancelled\"", StringComparison.Ordinal)
                       .Replace("\"status\":\"closed\"", "\"status\":\"open\"", StringComparison.Ordinal);
        }

        Dispatch d;
        if (_active.Count < 50 || _random.NextDouble() < 0.55)
        {
            d = NewDispatch();
        }
        else
        {
            // Plan incidents get most of the updates: their figures keep rising.
            d = _plans.Count > 0 && _random.Next(30) == 0 ? _plans[_random.Next(_plans.Count)] : _active[_random.Next(_active.Count)];
            Update(d);
        }

        var lineNow = Line(d);
        if (d.Sequence > 1 && _random.NextDouble() < 0.05)
        {
            // Out of order: this update is held back and the next one is sent first.
            _held.Enqueue(lineNow);
            Update(d);
            lineNow = Line(d);
        }

        Remember(lineNow);
        if (_active.Count > 2000)
        {
            _active.RemoveAt(0);
        }

        if (_plans.Count > 40)
        {
            _plans.RemoveAt(0);
        }

        return lineNow;
    }

    private Dispatch NewDispatch()
    {
        var road = Roads[_random.Next(Roads.Length)];
        var now = Now();
        var plan = _random.NextDouble() < PlanShare;
        var d = new Dispatch
        {
            Id = "JC122-" + now.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + (++_nextDispatch).ToString("D7", CultureInfo.InvariantCulture),
            Sequence = 1,
            Plan = plan,
            Road = road,
            County = road.Counties[_random.Next(road.Counties.Length)],
            Km = road.KmFrom + Math.Round((decimal)_random.NextDouble() * (road.KmTo - road.KmFrom), 1),
            CallAt = now.AddMinutes(-_random.Next(1, 5)),
            OccurredAt = now.AddMinutes(-_random.Next(5, 12)),
        };
        if (plan)
        {
            switch (_random.Next(3))
            {
                case 0:
                    d.Nature = "rollover";
                    d.Coach = true;
                    d.Serious = 1;
                    d.Injured = 3;
                    d.Trapped = _random.Next(0, 4);
                    break;
                case 1:
                    d.Nature = "hazmat-leak";
                    d.Hazmat = true;
                    d.Injured = 1;
                    break;
                default:
                    d.Nature = "collision";
                    d.Deaths = 1;
                    d.Injured = 2;
                    break;
            }
        }
        else
        {
            d.Nature = RoutineNatures[_random.Next(RoutineNatures.Length)];
            d.Injured = _random.Next(0, 3);
        }

        _active.Add(d);
        if (plan)
        {
            _plans.Add(d);
        }

        return d;
    }

    private void Update(Dispatch d)
    {
        d.Sequence++;
        if (d.Plan && d.Sequence > 8)
        {
            // The scene is cleared: the record is closed and gets no more updates.
            d.Status = "closed";
            _plans.Remove(d);
        }
        else if (d.Plan)
        {
            // Rising figures, as the scene is cleared.
            d.Deaths += _random.Next(0, 2);
            d.Serious += _random.Next(0, 3);
            d.Injured = Math.Max(d.Injured + _random.Next(0, 3), d.Serious);
            d.Trapped = Math.Max(0, d.Trapped - _random.Next(0, 2));
        }
        else if (_random.Next(4) == 0)
        {
            d.Status = "closed";
        }
    }

    private string Line(Dispatch d)
    {
        var eventId = "E" + (++_nextEvent).ToString("D8", CultureInfo.InvariantCulture) + "-" + _random.Next(0x10000).ToString("x4", CultureInfo.InvariantCulture);
        var buffer = new MemoryStream(512);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("eventId", eventId);
            w.WriteString("dispatchId", d.Id);
            w.WriteNumber("sequence", d.Sequence);
            w.WriteString("updatedAt", Now().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
            w.WriteString("callAt", d.CallAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
            if (d.Sequence == 1 && _random.Next(3) == 0)
            {
                w.WriteNull("occurredAt"); // unknown at first
            }
            else
            {
                w.WriteString("occurredAt", d.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
            }

            w.WriteString("county", d.County);
            w.WriteStartObject("road");
            w.WriteString("code", d.Road.Code);
            w.WriteNumber("km", d.Km);
            w.WriteString("name", d.Road.Name);
            w.WriteEndObject();
            w.WriteString("nature", d.Nature);
            w.WriteStartObject("figures");
            if (d.Plan)
            {
                w.WriteNumber("deaths", d.Deaths);
                w.WriteNumber("seriousInjuries", d.Serious);
                w.WriteNumber("injured", d.Injured);
                w.WriteNumber("trapped", d.Trapped);
                if (d.Sequence == 1)
                {
                    w.WriteNull("missing"); // not known yet
                }
                else
                {
                    w.WriteNumber("missing", 0);
                }

                if (d.Hazmat)
                {
                    w.WriteBoolean("hazmatRelease", true);
                }
            }
            else
            {
                w.WriteNumber("injured", d.Injured);
            }

            w.WriteEndObject();
            w.WriteStartObject("flags");
            w.WriteBoolean("hazmatVehicle", d.Hazmat);
            w.WriteBoolean("operatingCoach", d.Coach);
            w.WriteBoolean("foreignersInvolved", false);
            w.WriteEndObject();
            w.WriteString("text", Text(d));
            w.WriteString("status", d.Status);
            w.WriteEndObject();
        }

        var line = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        _recentIds.Add((eventId, line));
        if (_recentIds.Count > 500)
        {
            _recentIds.RemoveAt(0);
        }

        return line;
    }

    private string Text(Dispatch d) => d.Plan
        ? d.Nature switch
        {
            "rollover" => $"{d.Road.Name}K{d.Km}处大客车因团雾侧翻，死亡{d.Deaths}人，重伤{d.Serious}人，被困{d.Trapped}人，消防、120已到场",
            "hazmat-leak" => $"{d.Road.Name}K{d.Km}处危险化学品罐车侧翻泄漏，已疏散周边群众，应急管理、生态环境部门赶赴现场",
            _ => $"{d.Road.Name}K{d.Km}处两车相撞，死亡{d.Deaths}人，重伤{d.Serious}人",
        }
        : RoutineTexts[_random.Next(RoutineTexts.Length)];

    private void Remember(string line)
    {
        _recent.Add(line);
        if (_recent.Count > 500)
        {
            _recent.RemoveAt(0);
        }
    }

    private DateTimeOffset Now() => _start.AddSeconds(_tick);

    private string Garbage() => _random.Next(6) switch
    {
        0 => "{\"eventId\":\"broken-" + _tick.ToString(CultureInfo.InvariantCulture) + "\",\"dispatchId\":", // cut off mid-line
        1 => "接警记录导出失败 ERROR 0x" + _tick.ToString("x", CultureInfo.InvariantCulture),
        2 => $"{{\"eventId\":\"G{_tick}\",\"dispatchId\":\"JC122-X-{_tick}\",\"sequence\":1,\"updatedAt\":\"{Now():yyyy-MM-dd'T'HH:mm:sszzz}\",\"callAt\":\"{Now():yyyy-MM-dd'T'HH:mm:sszzz}\",\"county\":\"太原市\",\"nature\":\"collision\",\"status\":\"open\"}}",
        3 => $"{{\"eventId\":\"G{_tick}\",\"dispatchId\":\"JC122-X-{_tick}\",\"sequence\":1,\"updatedAt\":\"{Now():yyyy-MM-dd'T'HH:mm:sszzz}\",\"callAt\":\"{Now():yyyy-MM-dd'T'HH:mm:ss}\",\"county\":\"泽州县\",\"nature\":\"collision\",\"status\":\"open\"}}",
        4 => $"{{\"eventId\":\"G{_tick}\",\"dispatchId\":\"JC122-X-{_tick}\",\"sequence\":1,\"updatedAt\":\"{Now():yyyy-MM-dd'T'HH:mm:sszzz}\",\"callAt\":\"{Now():yyyy-MM-dd'T'HH:mm:sszzz}\",\"county\":\"泽州县\",\"nature\":\"collision\",\"figures\":{{\"deaths\":-1}},\"status\":\"open\"}}",
        _ => $"{{\"eventId\":\"G{_tick}\",\"dispatchId\":\"JC122-X-{_tick}\",\"sequence\":1,\"updatedAt\":\"{Now():yyyy-MM-dd'T'HH:mm:sszzz}\",\"callAt\":\"{Now():yyyy-MM-dd'T'HH:mm:sszzz}\",\"county\":\"泽州县\",\"nature\":\"meteor\",\"status\":\"open\",\"extra\":1}}",
    };
}
