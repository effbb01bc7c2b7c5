// The server side of drs-soak, run in a child process (drs-soak --role server).
#ifndef SOAKSERVER_H
#define SOAKSERVER_H

#include <QtCore/QList>
#include <QtCore/QUrl>

namespace Soak {

/*!
    Serves \a urls until told to quit (the "soak.quit" command) and prints
    "listening <url> <url>..." once ready. Actions: echo (the body back), slow (the body after
    body.ms milliseconds), fail (drs.error), throw (an exception: drs.exception), tick (a fire it
    counts), stats (counters), soak.quit.
*/
int runServer(const QList<QUrl> &urls);

} // namespace Soak

#endif // SOAKSERVER_H
