package org.example.workloads.search;

import java.io.IOException;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogDocMergePolicy;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;

/** The catalogue's full-text index, in memory. */
final class ProductIndex implements AutoCloseable {

  private final Directory directory = new ByteBuffersDirectory();
  private DirectoryReader reader;

  /**
   * Indexes the products and opens a searcher. Merges run on this thread and only merge
   * neighbouring segments, so document numbers follow the order of indexing and searches that
   * tie on score return the same documents on every run.
   */
  IndexSearcher build(Analyzer analyzer, List<Corpus.Product> products) throws IOException {
    IndexWriterConfig config = new IndexWriterConfig(analyzer)
        .setMergeScheduler(new SerialMergeScheduler())
        .setMergePolicy(new LogDocMergePolicy())
        .setRAMBufferSizeMB(32);
    try (IndexWriter writer = new IndexWriter(directory, config)) {
      for (Corpus.Product product : products) {
        Document document = new Document();
        document.add(new StringField("id", Integer.toString(product.id()), Field.Store.YES));
        document.add(new TextField("title", product.title(), Field.Store.YES));
        document.add(new TextField("body", product.body(), Field.Store.NO));
        document.add(new StringField("category", Integer.toString(product.category()), Field.Store.NO));
        document.add(new IntPoint("price", product.priceCents()));
        document.add(new NumericDocValuesField("price", product.priceCents()));
        document.add(new StoredField("price", product.priceCents()));
        writer.addDocument(document);
      }
      writer.forceMerge(1);
    }
    reader = DirectoryReader.open(directory);
    return new IndexSearcher(reader);
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
    }
    directory.close();
  }
}
