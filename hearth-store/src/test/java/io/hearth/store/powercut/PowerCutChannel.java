package io.hearth.store.powercut;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import org.h2.store.fs.FileBase;

/** The database file's channel: does each operation on the real file and tells the disk. */
final class PowerCutChannel extends FileBase {

  private final FileChannel file;
  private final PowerCutDisk disk;

  PowerCutChannel(FileChannel file, PowerCutDisk disk) {
    this.file = file;
    this.disk = disk;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    disk.check();
    return file.read(dst);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    disk.check();
    return file.read(dst, position);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return write(src, position(), true);
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    return write(src, position, false);
  }

  private int write(ByteBuffer src, long position, boolean advance) throws IOException {
    synchronized (disk) {
      disk.check();
      ByteBuffer copy = src.duplicate();
      int n = file.write(src, position);
      byte[] bytes = new byte[n];
      copy.get(bytes);
      disk.wrote(position, bytes);
      if (advance) {
        file.position(position + n);
      }
      return n;
    }
  }

  @Override
  public long position() throws IOException {
    return file.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    file.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return file.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    synchronized (disk) {
      disk.check();
      file.truncate(size);
      disk.truncated(size);
    }
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    synchronized (disk) {
      disk.check(); // the real file need not reach the disk: the image is what a restart finds
      disk.forced();
    }
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return file.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    file.close();
  }
}
