#include "FaultProxy.h"

#include "LoopbackServerThread.h"

#include <QHostAddress>
#include <QMutex>
#include <QMutexLocker>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

#include <algorithm>
#include <atomic>
#include <vector>

namespace tidemark::test {

namespace {

// Node→client bytes are read in chunks of at most this, and no more are read while the client's
// socket still holds this much unsent: the proxy never buffers much, so a byte count means what
// the client can have received.
constexpr qint64 kChunk = 64 * 1024;

// One proxied connection. Lives on the proxy's thread; its sockets are children of the context.
struct Pipe {
    int id = 0;
    QPointer<QTcpSocket> client;
    QPointer<QTcpSocket> upstream;
    FaultProxy::Fault fault = FaultProxy::Fault::None;
    qint64 faultAt = 0;
    qint64 down = 0; // node→client bytes written to the client
    bool stalled = false;
    bool upstreamDone = false; // the node closed; forward what is buffered, then close
    bool closed = false;
};

} // namespace

class FaultProxy::Worker {
public:
    explicit Worker(quint16 targetPort) : m_targetPort(targetPort) {}

    void accept();
    void pumpUp(Pipe &pipe);
    void pumpDown(Pipe &pipe);
    // Applies a fault or fires the callback when `pipe` reached its offset; true when it must stop.
    bool reachedOffset(Pipe &pipe);
    void closePipe(Pipe &pipe);

    LoopbackServerThread m_loopback;            // Its context is the parent of every socket.
    std::vector<std::shared_ptr<Pipe>> m_pipes; // Only touched on m_loopback's thread.

    mutable QMutex m_mutex; // Guards the settings below.
    quint16 m_targetPort = 0;
    Fault m_fault = Fault::None;
    qint64 m_faultAt = 0;
    int m_faultConnections = 0;
    std::function<void()> m_callback;
    qint64 m_callbackAt = 0;
    bool m_callbackFired = false;

    std::atomic<qint64> m_total{0};
    std::atomic<qint64> m_last{0};
    std::atomic_int m_accepted{0};
};

void FaultProxy::Worker::accept()
{
    while (m_loopback.server()->hasPendingConnections()) {
        auto pipe = std::make_shared<Pipe>();
        pipe->client = m_loopback.server()->nextPendingConnection();
        pipe->client->setParent(m_loopback.context());
        pipe->id = ++m_accepted;
        m_last = 0;
        quint16 target = 0;
        {
            QMutexLocker locker(&m_mutex);
            if (m_faultConnections != 0) {
                pipe->fault = m_fault;
                pipe->faultAt = m_faultAt;
                if (m_faultConnections > 0)
                    --m_faultConnections;
            }
            target = m_targetPort;
        }
        m_pipes.erase(std::remove_if(m_pipes.begin(), m_pipes.end(), [](const auto &p) { return p->closed; }),
                      m_pipes.end());
        m_pipes.push_back(pipe);
        if (pipe->fault == Fault::Refuse) {
            closePipe(*pipe);
            continue;
        }
        pipe->upstream = new QTcpSocket(m_loopback.context());
        // A bounded read buffer passes the client's pace (or a stall) back to the node.
        pipe->upstream->setReadBufferSize(kChunk);
        Pipe *p = pipe.get();
        QObject::connect(pipe->upstream, &QTcpSocket::connected, m_loopback.context(), [this, p] {
            pumpUp(*p);
            pumpDown(*p);
        });
        QObject::connect(pipe->upstream, &QTcpSocket::readyRead, m_loopback.context(), [this, p] { pumpDown(*p); });
        QObject::connect(pipe->upstream, &QTcpSocket::disconnected, m_loopback.context(), [this, p] {
            p->upstreamDone = true;
            pumpDown(*p);
        });
        QObject::connect(pipe->upstream, &QTcpSocket::errorOccurred, m_loopback.context(),
                         [this, p](QAbstractSocket::SocketError e) {
                             if (e == QAbstractSocket::RemoteHostClosedError) {
                                 p->upstreamDone = true;
                                 pumpDown(*p);
                             } else {
                                 closePipe(*p); // Refused or reset: the node is gone.
                             }
                         });
        QObject::connect(pipe->client, &QTcpSocket::readyRead, m_loopback.context(), [this, p] { pumpUp(*p); });
        QObject::connect(pipe->client, &QTcpSocket::bytesWritten, m_loopback.context(), [this, p] { pumpDown(*p); });
        QObject::connect(pipe->client, &QTcpSocket::disconnected, m_loopback.context(), [this, p] { closePipe(*p); });
        QObject::connect(pipe->client, &QTcpSocket::errorOccurred, m_loopback.context(), [this, p] { closePipe(*p); });
        pipe->upstream->connectToHost(QHostAddress::LocalHost, target);
    }
}

void FaultProxy::Worker::pumpUp(Pipe &pipe)
{
    if (pipe.closed || pipe.stalled || !pipe.upstream || pipe.upstream->state() != QAbstractSocket::ConnectedState)
        return;
    const QByteArray data = pipe.client->readAll();
    if (!data.isEmpty())
        pipe.upstream->write(data);
}

bool FaultProxy::Worker::reachedOffset(Pipe &pipe)
{
    // The callback first: a test that kills the node there and cuts the connection at the same
    // offset gets the node's death at exactly that byte.
    std::function<void()> callback;
    {
        QMutexLocker locker(&m_mutex);
        if (m_callback && pipe.down >= m_callbackAt) {
            callback = std::move(m_callback);
            m_callback = nullptr;
            m_callbackFired = true;
        }
    }
    if (callback) {
        pipe.client->flush();
        callback();
        if (pipe.closed)
            return true;
    }
    if ((pipe.fault == Fault::Stall || pipe.fault == Fault::Cut) && pipe.down >= pipe.faultAt) {
        pipe.client->flush();
        if (pipe.fault == Fault::Stall)
            pipe.stalled = true;
        else
            closePipe(pipe);
        return true;
    }
    return false;
}

void FaultProxy::Worker::pumpDown(Pipe &pipe)
{
    if (pipe.closed || pipe.stalled || !pipe.upstream)
        return;
    for (;;) {
        if (reachedOffset(pipe) || pipe.stalled)
            return;
        if (pipe.client->bytesToWrite() >= kChunk)
            return; // Resumed by the client's bytesWritten.
        qint64 n = std::min(pipe.upstream->bytesAvailable(), kChunk);
        if (n <= 0)
            break;
        if (pipe.fault == Fault::Stall || pipe.fault == Fault::Cut)
            n = std::min(n, pipe.faultAt - pipe.down);
        {
            QMutexLocker locker(&m_mutex);
            if (m_callback)
                n = std::min(n, std::max<qint64>(1, m_callbackAt - pipe.down));
        }
        const QByteArray data = pipe.upstream->read(n);
        pipe.client->write(data);
        pipe.down += data.size();
        m_total += data.size();
        if (pipe.id == m_accepted)
            m_last = pipe.down;
    }
    if (pipe.upstreamDone)
        closePipe(pipe);
}

void FaultProxy::Worker::closePipe(Pipe &pipe)
{
    if (pipe.closed)
        return;
    pipe.closed = true;
    if (pipe.upstream) {
        pipe.upstream->disconnect(m_loopback.context());
        pipe.upstream->abort();
        pipe.upstream->deleteLater();
    }
    if (pipe.client) {
        QTcpSocket *client = pipe.client;
        client->disconnect(m_loopback.context());
        // What was forwarded still reaches the client; then it sees the close.
        client->disconnectFromHost();
        if (client->state() == QAbstractSocket::UnconnectedState)
            client->deleteLater();
        else
            QObject::connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
    }
}

FaultProxy::FaultProxy(quint16 targetPort) : m_worker(std::make_unique<Worker>(targetPort))
{
}

FaultProxy::~FaultProxy()
{
    m_worker->m_loopback.stop([this] { m_worker->m_pipes.clear(); });
}

bool FaultProxy::start(QString *error)
{
    return m_worker->m_loopback.start(
        QStringLiteral("FaultProxy"), [this] { m_worker->accept(); }, error);
}

quint16 FaultProxy::port() const
{
    return m_worker->m_loopback.port();
}

QString FaultProxy::host() const
{
    return QStringLiteral("127.0.0.1:%1").arg(port());
}

void FaultProxy::setTargetPort(quint16 port)
{
    QMutexLocker locker(&m_worker->m_mutex);
    m_worker->m_targetPort = port;
}

void FaultProxy::setFault(Fault fault, qint64 afterBytes, int connections)
{
    QMutexLocker locker(&m_worker->m_mutex);
    m_worker->m_fault = fault;
    m_worker->m_faultAt = afterBytes;
    m_worker->m_faultConnections = fault == Fault::None ? 0 : connections;
}

void FaultProxy::callWhenForwarded(qint64 bytes, std::function<void()> callback)
{
    QMutexLocker locker(&m_worker->m_mutex);
    m_worker->m_callback = std::move(callback);
    m_worker->m_callbackAt = bytes;
    m_worker->m_callbackFired = false;
}

bool FaultProxy::disarmCallback()
{
    QMutexLocker locker(&m_worker->m_mutex);
    m_worker->m_callback = nullptr;
    return m_worker->m_callbackFired;
}

void FaultProxy::closeAll()
{
    m_worker->m_loopback.runInThread([this] {
        for (const auto &pipe : m_worker->m_pipes)
            m_worker->closePipe(*pipe); // Closed pipes are dropped at the next accept (a callback may be inside one).
    });
}

qint64 FaultProxy::bytesForwarded() const
{
    return m_worker->m_total;
}

qint64 FaultProxy::lastConnectionBytes() const
{
    return m_worker->m_last;
}

int FaultProxy::connections() const
{
    return m_worker->m_accepted;
}

void FaultProxy::resetCounters()
{
    m_worker->m_total = 0;
    m_worker->m_last = 0;
    m_worker->m_accepted = 0;
}

} // namespace tidemark::test
