package org.example.workloads.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;

import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

/**
 * What the catalogue's search box does: corrects the words typed, parses them into a Lucene query
 * over title (boosted) and description, filters by category and price when asked, and returns the
 * top ten products. One per thread (the query parser is not thread-safe); the searcher and the
 * corrector are shared.
 */
final class CatalogSearch {

  /** A page of results: product ids, best first, and how many products matched. */
  record Hits(List<String> productIds, long totalHits, String correctedQuery) {}

  private final IndexSearcher searcher;
  private final SpellingCorrector corrector;
  private final QueryParser parser;

  CatalogSearch(IndexSearcher searcher, SpellingCorrector corrector, Analyzer analyzer) {
    this.searcher = searcher;
    this.corrector = corrector;
    this.parser = new QueryParser("body", analyzer);
  }

  /** Searches for the typed text, in a category (or any, when negative) up to a price. */
  Hits search(String typed, int category, int maxPriceCents) throws IOException, ParseException {
    StringBuilder corrected = new StringBuilder();
    for (String word : typed.trim().split("\\s+")) {
      corrected.append(corrected.length() == 0 ? "" : " ").append(corrector.correct(word));
    }
    String words = corrected.toString();
    Query text = parser.parse("title:(" + words + ")^2 OR body:(" + words + ")");
    BooleanQuery.Builder query = new BooleanQuery.Builder().add(text, BooleanClause.Occur.MUST);
    if (category >= 0) {
      query.add(new TermQuery(new Term("category", Integer.toString(category))),
          BooleanClause.Occur.FILTER);
    }
    query.add(IntPoint.newRangeQuery("price", 0, maxPriceCents), BooleanClause.Occur.FILTER);
    TopDocs top = searcher.search(query.build(), 10);
    StoredFields stored = searcher.storedFields();
    List<String> ids = new ArrayList<>(top.scoreDocs.length);
    for (ScoreDoc hit : top.scoreDocs) {
      Document document = stored.document(hit.doc);
      ids.add(document.get("id"));
    }
    return new Hits(ids, top.totalHits.value, words);
  }
}
