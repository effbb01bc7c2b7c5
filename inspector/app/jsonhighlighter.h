// JsonHighlighter: syntax colours for the composer's JSON body editor.
#ifndef JSONHIGHLIGHTER_H
#define JSONHIGHLIGHTER_H

#include <QtGui/QSyntaxHighlighter>
#include <QtGui/QTextCharFormat>

/*!
    Colours JSON text: object keys, strings, numbers, the keywords true/false/null and
    punctuation each in their own format. Works line by line (JSON strings cannot span lines),
    and picks lighter colours when the palette is dark.
*/
class JsonHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    enum Kind { Key, String, Number, Keyword, Punctuation };
    Q_ENUM(Kind)

    explicit JsonHighlighter(QTextDocument *document);
    ~JsonHighlighter() override;

    QTextCharFormat format(Kind kind) const { return m_formats[kind]; }

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_formats[Punctuation + 1];
    Q_DISABLE_COPY(JsonHighlighter)
};

#endif // JSONHIGHLIGHTER_H
