package org.example.workloads.search;

import java.util.List;
import java.util.Random;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.search.IndexSearcher;
import org.example.workloads.harness.Options;
import org.example.workloads.harness.Workload;

/**
 * A catalogue search service: indexes a generated catalogue with Lucene in memory, then each
 * client runs searches drawn from a fixed set of typed queries (so the words to correct repeat).
 */
public final class SearchWorkload implements Workload {

  private static final int VOCABULARY = 3_000;
  private static final int PRODUCTS = 10_000;
  private static final int DISTINCT_QUERIES = 300;
  private static final int CHECKSUM_SEARCHES = 200;

  private final Analyzer analyzer = new EnglishAnalyzer();
  private ProductIndex index;
  private IndexSearcher searcher;
  private SpellingCorrector corrector;
  private List<String> queries;

  @Override
  public void start(Options options) throws Exception {
    Corpus corpus = new Corpus(options.seed(), VOCABULARY);
    List<Corpus.Product> products = corpus.products(PRODUCTS);
    queries = corpus.queries(DISTINCT_QUERIES);
    corrector = new SpellingCorrector(corpus.vocabulary());
    index = new ProductIndex();
    searcher = index.build(analyzer, products);
  }

  @Override
  public Session openSession(long seed) {
    Random random = new Random(seed);
    CatalogSearch search = new CatalogSearch(searcher, corrector, analyzer);
    return () -> {
      String typed = queries.get(random.nextInt(queries.size()));
      int category = random.nextInt(4) == 0 ? random.nextInt(Corpus.CATEGORIES) : -1;
      CatalogSearch.Hits hits = search.search(typed, category, 10_000 + random.nextInt(90_000));
      long hash = hits.totalHits() * 31 + hits.correctedQuery().hashCode();
      for (String id : hits.productIds()) {
        hash = hash * 31 + id.hashCode();
      }
      return hash;
    };
  }

  /** The index never changes after it is built, so the clients' searches run on it too. */
  @Override
  public long checksum(long seed) throws Exception {
    return openSession(seed).fold(CHECKSUM_SEARCHES);
  }

  @Override
  public void close() throws Exception {
    if (index != null) {
      index.close();
    }
    analyzer.close();
  }
}
