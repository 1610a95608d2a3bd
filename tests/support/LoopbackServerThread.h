#pragma once

#include <QMutex>
#include <QString>
#include <QThread>

#include <functional>

class QObject;
class QTcpServer;

namespace tidemark::test {

/// A thread with its own event loop and a QTcpServer on it, listening on 127.0.0.1 (a port the
/// kernel picks): the scaffolding of the test servers that run beside a blocking test thread
/// (FakeS3, FaultProxy).
///
/// A context object lives on the thread: it is the parent of the server, and the owner parents
/// its sockets to it and connects their signals with it as the receiver, so every slot runs on
/// the thread. stop() deletes the context's children there, then ends the thread.
///
/// Threading: start() and stop() from the owner's thread; runInThread() and port() from any.
class LoopbackServerThread {
public:
    LoopbackServerThread() = default;
    /// stop() (without `onThread`).
    ~LoopbackServerThread();
    LoopbackServerThread(const LoopbackServerThread &) = delete;
    LoopbackServerThread &operator=(const LoopbackServerThread &) = delete;

    /// Starts the thread (named `name`) and listens on 127.0.0.1; `onNewConnection` runs on the
    /// thread at the server's newConnection. False with "NAME cannot listen on 127.0.0.1: …" in
    /// `error` when it cannot listen (the thread runs all the same, until stop()).
    [[nodiscard]] bool start(const QString &name, std::function<void()> onNewConnection, QString *error);
    /// Runs `f` on the thread and waits for it (directly when already there). Only after start().
    void runInThread(const std::function<void()> &f);
    /// The port listened on; 0 before start() or when it could not listen.
    [[nodiscard]] quint16 port() const;
    /// The thread's context object (null before start()); use it on the thread only.
    [[nodiscard]] QObject *context() const { return m_context; }
    /// The listening server (a child of context(); null before start() and after stop()).
    [[nodiscard]] QTcpServer *server() const { return m_server; }
    /// Deletes the server, runs `onThread` (when given) and deletes the context's other children,
    /// all on the thread (sockets and their notifiers must go on the thread they live on); then
    /// quits the thread, waits for it and deletes the context. Nothing when the thread is not
    /// running.
    void stop(const std::function<void()> &onThread = {});

private:
    QThread m_thread;
    QObject *m_context = nullptr; // Moved to m_thread; parent of the server and every socket.
    QTcpServer *m_server = nullptr;
    mutable QMutex m_mutex; // Guards m_port.
    quint16 m_port = 0;
};

} // namespace tidemark::test
