#include "LoopbackServerThread.h"

#include <QHostAddress>
#include <QMutexLocker>
#include <QTcpServer>

#include <utility>

namespace tidemark::test {

LoopbackServerThread::~LoopbackServerThread()
{
    stop();
}

bool LoopbackServerThread::start(const QString &name, std::function<void()> onNewConnection, QString *error)
{
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    m_thread.setObjectName(name);
    m_thread.start();
    bool listening = false;
    runInThread([&] {
        m_server = new QTcpServer(m_context);
        QObject::connect(m_server, &QTcpServer::newConnection, m_context, std::move(onNewConnection));
        listening = m_server->listen(QHostAddress::LocalHost, 0);
        if (!listening) {
            *error = name + QStringLiteral(" cannot listen on 127.0.0.1: ") + m_server->errorString();
            return;
        }
        QMutexLocker locker(&m_mutex);
        m_port = m_server->serverPort();
    });
    return listening;
}

void LoopbackServerThread::runInThread(const std::function<void()> &f)
{
    if (QThread::currentThread() == &m_thread)
        f();
    else
        QMetaObject::invokeMethod(m_context, f, Qt::BlockingQueuedConnection);
}

quint16 LoopbackServerThread::port() const
{
    QMutexLocker locker(&m_mutex);
    return m_port;
}

void LoopbackServerThread::stop(const std::function<void()> &onThread)
{
    if (!m_thread.isRunning())
        return;
    runInThread([&] {
        // Sockets and their notifiers must go on the thread they live on.
        delete m_server;
        m_server = nullptr;
        if (onThread)
            onThread();
        const QObjectList children = m_context->children();
        qDeleteAll(children);
    });
    m_thread.quit();
    m_thread.wait();
    delete m_context;
    m_context = nullptr;
}

} // namespace tidemark::test
