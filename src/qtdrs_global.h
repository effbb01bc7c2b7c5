// Export macro and library-wide declarations of QtDrs.
#ifndef QTDRS_GLOBAL_H
#define QTDRS_GLOBAL_H

#include <QtCore/qglobal.h>

#if defined(QTDRS_STATIC)
#define QTDRS_EXPORT
#elif defined(QTDRS_LIBRARY)
#define QTDRS_EXPORT Q_DECL_EXPORT
#else
#define QTDRS_EXPORT Q_DECL_IMPORT
#endif

#endif // QTDRS_GLOBAL_H
