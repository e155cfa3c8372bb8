package dev.blacksmith.examples.demo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * An append-only file of JSON lines. Each {@link #append} writes its lines in one batch and forces
 * them to disk before returning, so a batch reported as written survives a crash.
 */
final class JsonLinesFile implements AutoCloseable {

  /** Opens the channel to append to; tests pass one that records or fails. */
  @FunctionalInterface
  interface Opener {
    FileChannel open(Path path) throws IOException;
  }

  private final Path path;
  private final Opener opener;
  // Loads may run concurrently; a lock (not synchronized) keeps virtual threads unpinned.
  private final ReentrantLock lock = new ReentrantLock();
  private @Nullable FileChannel channel;
  private boolean startOnNewLine;

  JsonLinesFile(Path path) {
    this(path, p -> FileChannel.open(p, CREATE, WRITE, APPEND));
  }

  JsonLinesFile(Path path, Opener opener) {
    this.path = path;
    this.opener = opener;
  }

  Path path() {
    return path;
  }

  /** Opens the file for appending, creating it and its directory when missing. */
  void open() throws IOException {
    lock.lock();
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      // A crash in the middle of a write can leave half a line: never glue a new line onto it.
      startOnNewLine = endsWithPartialLine(path);
      channel = opener.open(path);
    } catch (IOException e) {
      throw new IOException("cannot open " + path.toAbsolutePath() + " for appending: " + e, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Appends {@code lines} (JSON without line breaks), each followed by a new line, then forces them
   * to disk. On failure the file is cut back to where it was, so a retry adds no half batch.
   */
  void append(List<String> lines) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line).append('\n');
    }
    lock.lock();
    try {
      FileChannel out = channel;
      if (out == null) {
        throw new IOException(path + " is not open");
      }
      ByteBuffer batch = UTF_8.encode((startOnNewLine ? "\n" : "") + text);
      long end = out.size();
      try {
        while (batch.hasRemaining()) {
          out.write(batch);
        }
        out.force(true);
        startOnNewLine = false;
      } catch (IOException e) {
        if (!cutBack(out, end, e)) {
          startOnNewLine = true;
        }
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() throws IOException {
    lock.lock();
    try {
      if (channel != null) {
        channel.close();
        channel = null;
      }
    } finally {
      lock.unlock();
    }
  }

  private static boolean endsWithPartialLine(Path path) throws IOException {
    if (!Files.exists(path)) {
      return false;
    }
    try (FileChannel in = FileChannel.open(path)) {
      if (in.size() == 0) {
        return false;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      in.read(last, in.size() - 1);
      return last.get(0) != '\n';
    }
  }

  private static boolean cutBack(FileChannel out, long end, IOException failure) {
    try {
      out.truncate(end);
      return true;
    } catch (IOException e) {
      failure.addSuppressed(e);
      return false;
    }
  }
}
