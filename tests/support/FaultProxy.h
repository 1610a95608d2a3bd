#pragma once

#include <QString>

#include <functional>
#include <memory>

namespace tidemark::test {

/// A TCP proxy on 127.0.0.1 (a port the kernel picks) that forwards every connection to
/// 127.0.0.1:`targetPort` and breaks it on request: the network faults of the reliability tests,
/// with real sockets and real processes on both ends.
///
/// It counts the bytes it forwards from the node to the client, per connection and in total, and
/// can stall a connection (stop forwarding, keep both sockets open), cut it (close both sides),
/// refuse it (close the client's side at once), or call back at a byte offset (to kill a process
/// exactly there).
///
/// Threading: the proxy runs its own thread with its own event loop, so the test's thread may
/// block (QProcess::waitForFinished, NodeProcess::runCli). Every method may be called from any
/// thread, including from the callback.
///
/// @code
///   FaultProxy proxy(node.snapshotPort());
///   QVERIFY2(proxy.start(&error), qPrintable(error));
///   proxy.setFault(FaultProxy::Fault::Cut, 4096, 2); // the next 2 connections break after 4 KiB
///   runCli({"backup", "-host", proxy.host(), "--retries", "3", path}, ...);
/// @endcode
class FaultProxy {
public:
    enum class Fault {
        None,   ///< Forward everything.
        Stall,  ///< After `afterBytes` node→client bytes forward nothing more, either way; keep the sockets open.
        Cut,    ///< After `afterBytes` node→client bytes close both sides.
        Refuse, ///< Close the client's connection as soon as it is accepted; never reach the node.
    };

    explicit FaultProxy(quint16 targetPort);
    ~FaultProxy();
    FaultProxy(const FaultProxy &) = delete;
    FaultProxy &operator=(const FaultProxy &) = delete;

    /// Starts the thread and listens; false with a message when it cannot.
    [[nodiscard]] bool start(QString *error);
    [[nodiscard]] quint16 port() const;
    /// "127.0.0.1:<port>", as `-host` takes it.
    [[nodiscard]] QString host() const;
    /// Where connections accepted from now on go (a restarted node listens on a new port).
    void setTargetPort(quint16 port);

    /// Applies `fault` to the next `connections` connections accepted (-1: all from now on);
    /// Fault::None clears it. Connections already open keep the fault they had.
    void setFault(Fault fault, qint64 afterBytes = 0, int connections = -1);
    /// Calls `callback` once, on the proxy's thread, as soon as one connection has forwarded
    /// `bytes` node→client bytes: exactly `bytes` have been written to the client by then, the
    /// rest follows after it returns, unless that connection's Stall or Cut is at the same offset
    /// (it applies after the callback). Replaces an earlier callback that has not fired.
    void callWhenForwarded(qint64 bytes, std::function<void()> callback);
    /// Forgets a callback that has not fired; true when it had fired.
    bool disarmCallback();
    /// Closes every open connection (ends stalls, so the node's session ends too).
    void closeAll();

    /// Node→client bytes forwarded by all connections since the last resetCounters().
    [[nodiscard]] qint64 bytesForwarded() const;
    /// Node→client bytes forwarded by the latest connection.
    [[nodiscard]] qint64 lastConnectionBytes() const;
    /// Connections accepted since the last resetCounters().
    [[nodiscard]] int connections() const;
    void resetCounters();

private:
    class Worker;
    std::unique_ptr<Worker> m_worker;
};

} // namespace tidemark::test
