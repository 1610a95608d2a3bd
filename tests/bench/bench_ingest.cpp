// Ingest benchmark: posts line protocol in batches over HTTP to any InfluxDB 1.x compatible
// endpoint (tidemarkd or influxd) and reports points per second. Batches are generated before
// the clock starts, so only the server's work (and HTTP) is measured. The backup benchmarks also
// use it to fill nodes of a given shape: --span spreads each series' points evenly over a time
// range (hourly shards: --span 3600*N), --random-strings makes the string field incompressible,
// and --series-offset/--seed let later runs add new series instead of overwriting points.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTextStream>
#include <QUrl>

#include <deque>
#include <vector>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("HTTP ingest benchmark for InfluxDB 1.x compatible nodes."));
    parser.addHelpOption();
    const QCommandLineOption urlOption(QStringLiteral("url"), QStringLiteral("Base URL."), QStringLiteral("URL"));
    const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("Database."), QStringLiteral("DB"),
                                      QStringLiteral("bench"));
    const QCommandLineOption pointsOption(QStringLiteral("points"), QStringLiteral("Points to write."),
                                          QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption batchOption(QStringLiteral("batch"), QStringLiteral("Lines per request."),
                                         QStringLiteral("N"), QStringLiteral("5000"));
    const QCommandLineOption seriesOption(QStringLiteral("series"), QStringLiteral("Distinct series."),
                                          QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption parallelOption(QStringLiteral("parallel"), QStringLiteral("Requests in flight."),
                                            QStringLiteral("N"), QStringLiteral("2"));
    const QCommandLineOption stringOption(QStringLiteral("string-bytes"),
                                          QStringLiteral("Add a string field of N bytes."), QStringLiteral("N"),
                                          QStringLiteral("0"));
    const QCommandLineOption intervalOption(QStringLiteral("interval"),
                                            QStringLiteral("Seconds between a series' points."), QStringLiteral("S"),
                                            QStringLiteral("10"));
    const QCommandLineOption startOption(QStringLiteral("start"),
                                         QStringLiteral("Time of the first point (seconds since the epoch)."),
                                         QStringLiteral("S"), QStringLiteral("1700000000"));
    const QCommandLineOption spanOption(
        QStringLiteral("span"),
        QStringLiteral("Spread each series' points evenly over S seconds from --start (overrides --interval)."),
        QStringLiteral("S"), QStringLiteral("0"));
    const QCommandLineOption randomStringsOption(
        QStringLiteral("random-strings"),
        QStringLiteral("Fill the string field with random characters (incompressible) instead of 'p'."));
    const QCommandLineOption seriesOffsetOption(QStringLiteral("series-offset"),
                                                QStringLiteral("Number the series from N (host<N>...)."),
                                                QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Seed of the random values."),
                                        QStringLiteral("N"), QStringLiteral("7"));
    parser.addOptions({urlOption, dbOption, pointsOption, batchOption, seriesOption, parallelOption, stringOption,
                       intervalOption, startOption, spanOption, randomStringsOption, seriesOffsetOption, seedOption});
    parser.process(app);
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (!parser.isSet(urlOption)) {
        err << "bench_ingest: --url is required\n";
        return 2;
    }
    const QString base = parser.value(urlOption);
    const int points = parser.value(pointsOption).toInt();
    const int batchSize = parser.value(batchOption).toInt();
    const int series = parser.value(seriesOption).toInt();
    const int parallel = std::max(1, parser.value(parallelOption).toInt());

    // Five fields per point, as in the reference measurement of InfluxDB 1.6.
    std::deque<QByteArray> batches;
    QRandomGenerator random(parser.value(seedOption).toUInt());
    const qint64 start = parser.value(startOption).toLongLong() * 1000000000;
    const qint64 perSeries = std::max<qint64>(1, (points + series - 1) / series);
    const qint64 span = parser.value(spanOption).toLongLong() * 1000000000;
    const qint64 interval =
        span > 0 ? std::max<qint64>(1, span / perSeries) : parser.value(intervalOption).toLongLong() * 1000000000;
    const int stringBytes = std::max(0, parser.value(stringOption).toInt());
    const bool randomStrings = parser.isSet(randomStringsOption);
    const int seriesOffset = parser.value(seriesOffsetOption).toInt();
    const QByteArray padding = stringBytes > 0 ? ",s=\"" + QByteArray(stringBytes, 'p') + '"' : QByteArray();
    // Random strings: 64 characters that need no escaping in line protocol, 6 random bits each.
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::vector<quint32> words(static_cast<size_t>(stringBytes) / 4 + 1);
    QByteArray randomField = padding;
    QByteArray batch;
    for (int i = 0; i < points; ++i) {
        const int s = i % series + seriesOffset;
        if (randomStrings && stringBytes > 0) {
            random.fillRange(words.data(), static_cast<qsizetype>(words.size()));
            const auto *bytes = reinterpret_cast<const unsigned char *>(words.data());
            char *dst = randomField.data() + 4; // after ,s="
            for (int k = 0; k < stringBytes; ++k)
                dst[k] = alphabet[bytes[k] & 63];
        }
        batch += "bench,host=host" + QByteArray::number(s) + ",region=r" + QByteArray::number(s % 7) +
                 " f0=" + QByteArray::number(random.bounded(1000.0), 'f', 3) +
                 ",f1=" + QByteArray::number(random.bounded(100000)) + "i" +
                 ",f2=" + QByteArray::number(random.bounded(1.0), 'f', 6) +
                 ",f3=" + QByteArray::number(random.bounded(100.0), 'f', 2) +
                 ",f4=" + QByteArray::number(random.bounded(1 << 20)) + "i" + (randomStrings ? randomField : padding) +
                 ' ' + QByteArray::number(start + static_cast<qint64>(i / series) * interval) + '\n';
        if ((i + 1) % batchSize == 0 || i + 1 == points) {
            batches.push_back(batch);
            batch.clear();
        }
    }

    QNetworkAccessManager network;
    const QUrl writeUrl(base + QStringLiteral("/write?db=") + parser.value(dbOption));
    {
        QNetworkRequest create(QUrl(base + QStringLiteral("/query")));
        create.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        QNetworkReply *reply = network.post(create, "q=CREATE+DATABASE+" + parser.value(dbOption).toUtf8());
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        if (reply->error() != QNetworkReply::NoError) {
            err << "bench_ingest: CREATE DATABASE failed: " << reply->errorString() << "\n";
            return 1;
        }
        reply->deleteLater();
    }

    int inFlight = 0;
    int failures = 0;
    QElapsedTimer timer;
    std::function<void()> sendNext = [&] {
        while (inFlight < parallel && !batches.empty()) {
            QNetworkRequest request(writeUrl);
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
            QNetworkReply *reply = network.post(request, batches.front());
            batches.pop_front();
            ++inFlight;
            QObject::connect(reply, &QNetworkReply::finished, &app, [&, reply] {
                if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 204) {
                    ++failures;
                    err << "bench_ingest: write failed: " << reply->readAll() << "\n";
                }
                reply->deleteLater();
                --inFlight;
                if (batches.empty() && inFlight == 0)
                    app.quit();
                else
                    sendNext();
            });
        }
    };
    timer.start();
    sendNext();
    app.exec();
    const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    out << "points " << points << "\nvalues " << points * 5 << "\nseconds " << QString::number(seconds, 'f', 3)
        << "\npoints_per_second " << QString::number(points / seconds, 'f', 0) << "\nfailed_requests " << failures
        << "\n";
    return failures == 0 ? 0 : 1;
}
