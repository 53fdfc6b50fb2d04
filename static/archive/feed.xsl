<?xml version="1.0" encoding="utf-8"?>
<!--
  Renders the archive's Atom feeds (archive/feeds.py) as a page for a person who opens one in a
  browser: what a feed is, its address to copy into a feed reader, and its articles as links.
  The page is held to the site's Content-Security-Policy: the site's stylesheet is linked, and
  nothing here may carry a style attribute, a script or an event handler. The stylesheet's path
  is fixed because this file is static: STATIC_URL is "static/" (archive/settings.py).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="feed-url" select="/atom:feed/atom:link[@rel='self']/@href"/>
  <xsl:variable name="search-url" select="/atom:feed/atom:link[@rel='alternate']/@href"/>

  <xsl:template match="/atom:feed">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="atom:title"/> · feed</title>
        <link rel="stylesheet" href="/static/archive/style.css"/>
      </head>
      <body>
        <header class="site-header">
          <a class="brand" href="/">News Archive</a>
        </header>
        <main id="content">
          <div class="feed-page">
            <h1><xsl:value-of select="atom:title"/></h1>
            <div class="feed-explainer">
              <p><strong>This is a feed.</strong> Paste its address into a feed reader to hear of
                new articles that match this search, without coming back to look.</p>
              <p><label for="feed-address">Feed address</label>
                <input id="feed-address" type="url" readonly="readonly" value="{$feed-url}"/></p>
              <p class="meta"><a href="{$search-url}">See this search in the archive</a>
                · <xsl:value-of select="atom:subtitle"/></p>
            </div>
            <xsl:choose>
              <xsl:when test="atom:entry">
                <ol class="article-list feed-entries">
                  <xsl:apply-templates select="atom:entry"/>
                </ol>
              </xsl:when>
              <xsl:otherwise>
                <p>No article matches this search yet; a feed reader will show them as they come.</p>
              </xsl:otherwise>
            </xsl:choose>
          </div>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <a class="article-title" href="{atom:link[@rel='alternate']/@href}">
        <xsl:value-of select="atom:title"/>
      </a>
      <p class="meta">
        <xsl:if test="atom:published">
          <time datetime="{atom:published}"><xsl:value-of select="substring(atom:published, 1, 10)"/></time>
        </xsl:if>
        <xsl:if test="atom:published and atom:author/atom:name"> · </xsl:if>
        <xsl:value-of select="atom:author/atom:name"/>
      </p>
      <xsl:if test="atom:summary">
        <p class="snippet"><xsl:value-of select="atom:summary"/></p>
      </xsl:if>
    </li>
  </xsl:template>
</xsl:stylesheet>
