package io.hearth.agent;

import io.hearth.core.call.CallError;
import io.hearth.core.call.CallRequest;
import io.hearth.core.call.Headers;
import io.hearth.core.call.ResponseSink;
import io.hearth.core.time.Scheduler;
import io.hearth.uds.BodyInputStream;
import io.hearth.uds.BufferPool;
import io.hearth.uds.HttpHeaders;
import io.hearth.uds.HttpProtocolException;
import io.hearth.uds.NotSentException;
import io.hearth.uds.RequestHead;
import io.hearth.uds.UdsConnection;
import io.hearth.uds.UdsResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Sends one call to a ready container over its socket and streams the answer to the client,
 * mapping every way it can go wrong to Fn's status and message, and telling apart the failures
 * that prove the function never saw the call ({@link Unsent}). Stateless; one call per invocation.
 */
final class CallExchange {
  private static final int COPY_BUFFER = BufferPool.SHARED_SIZE;
  /** Answers of declared length up to this are read whole, then sent to the client in one write. */
  static final int WHOLE_ANSWER_LIMIT = 16 * 1024;
  /** Leftover bytes of an error answer read to keep the container's connection usable. */
  private static final long DRAIN_LIMIT = 1024 * 1024;
  /** Copy buffers, shared with the connections: a warm call neither allocates nor zeroes one. */
  private final BufferPool buffers = BufferPool.shared();

  private final AgentConfig config;
  private final Scheduler timer;
  private final InstantSource clock;
  private final Function<FunctionContainer, Outcome> diagnose;

  CallExchange(AgentConfig config, Scheduler timer, InstantSource clock,
      Function<FunctionContainer, Outcome> diagnose) {
    this.config = config;
    this.timer = timer;
    this.clock = clock;
    this.diagnose = diagnose;
  }

  /**
   * How an exchange ended.
   *
   * @param failure       null on success
   * @param keepContainer whether the container can serve another call
   * @param unsent        how the call is known never to have reached the function, or null when it
   *                      may have: only such a call may be sent again
   */
  record Outcome(int status, CallError failure, String message, boolean committed, boolean keepContainer,
      Whole whole, Unsent unsent) {
    Outcome(int status, CallError failure, String message, boolean committed, boolean keepContainer) {
      this(status, failure, message, committed, keepContainer, null, null);
    }

    static Outcome failed(CallError error, String message) {
      return new Outcome(error.status(), error, message, false, false);
    }

    /** The call never reached the function; a receive failure until the agent diagnoses the container. */
    static Outcome unsent(Unsent why) {
      CallError error = CallError.RECEIVE_FAILED;
      return new Outcome(error.status(), error, error.message(), false, false, null, why);
    }

    Outcome afterCommit() {
      return new Outcome(status, failure, message, true, keepContainer, whole, unsent);
    }

    Outcome keep() {
      return new Outcome(status, failure, message, committed, true, whole, unsent);
    }
  }

  /**
   * A successful answer read whole from the container and not yet sent: the agent hands it to the
   * client with {@link ResponseSink#complete} after it has released the container, so a client that
   * calls again as soon as it has its answer finds the container idle.
   */
  record Whole(Headers headers, byte[] body) {}

  /**
   * Sends the call, its body read from {@code body}, and streams the answer to {@code sink}; the
   * call times out at {@code deadline}. A call found unable to reach the function (the container
   * stopping, its socket refusing the connection or the request's first byte) ends {@link
   * Outcome#unsent}, without a diagnosis: the agent may send it elsewhere.
   */
  Outcome run(FunctionContainer c, CallRequest request, InputStream body, ResponseSink sink, Instant deadline) {
    if (c.exited()) {
      return Outcome.unsent(Unsent.CLOSING); // its exit was reported after the pool handed it out
    }
    AtomicBoolean timedOut = new AtomicBoolean();
    UdsConnection connection;
    try {
      connection = c.connectionForCall();
    } catch (IOException e) {
      return Outcome.unsent(Unsent.CONNECT);
    }
    HttpHeaders headers = new HttpHeaders();
    Headers.copyEndToEnd(request.headers()::forEach, headers::add);
    headers.set("Fn-Call-Id", request.callId());
    headers.set("Fn-Deadline", DateTimeFormatter.ISO_INSTANT.format(deadline.truncatedTo(ChronoUnit.MILLIS)));
    Scheduler.Scheduled timeout = timer.schedule(Duration.between(clock.instant(), deadline), () -> {
      timedOut.set(true);
      connection.abort();
    });
    try {
      UdsResponse response;
      try {
        response = connection.send(new RequestHead("POST", "/call", headers),
            new LimitedInputStream(body, config.maxRequestBytes()), request.length(), config.maxHeaderBytes());
      } catch (HttpProtocolException.HeadTooLarge e) {
        return Outcome.failed(CallError.RESPONSE_HEADER_TOO_LARGE, CallError.RESPONSE_HEADER_TOO_LARGE.message());
      } catch (LimitedInputStream.TooLarge e) {
        return Outcome.failed(CallError.REQUEST_TOO_LARGE, CallError.REQUEST_TOO_LARGE.message());
      } catch (LimitedInputStream.ClientFailed e) {
        return Outcome.failed(CallError.CLIENT_GONE, CallError.CLIENT_GONE.message());
      } catch (HttpProtocolException e) {
        return Outcome.failed(CallError.INVALID_RESPONSE, CallError.INVALID_RESPONSE.message());
      } catch (NotSentException e) {
        return timedOut.get() ? Outcome.failed(CallError.TIMED_OUT, CallError.TIMED_OUT.message())
            : Outcome.unsent(Unsent.WRITE);
      } catch (IOException e) {
        return broken(c, timedOut);
      }
      try (response) {
        return answer(c, request, response, sink, timedOut);
      }
    } finally {
      timeout.cancel();
    }
  }

  private Outcome answer(FunctionContainer c, CallRequest request, UdsResponse response, ResponseSink sink,
      AtomicBoolean timedOut) {
    int status = response.status();
    if (status == 502 || status == 504) {
      CallError error = status == 502 ? CallError.FUNCTION_FAILED : CallError.TIMED_OUT;
      Outcome failed = Outcome.failed(error, error.message());
      return drained(response) ? failed.keep() : failed;
    }
    if (status != 200) {
      return Outcome.failed(CallError.INVALID_RESPONSE, CallError.INVALID_RESPONSE.message());
    }
    long length;
    try {
      length = response.headers().contentLength();
    } catch (HttpProtocolException e) {
      return Outcome.failed(CallError.INVALID_RESPONSE, CallError.INVALID_RESPONSE.message());
    }
    long limit = config.maxResponseBytes();
    if (limit > 0 && length > limit) {
      return Outcome.failed(CallError.RESPONSE_TOO_LARGE, CallError.RESPONSE_TOO_LARGE.message());
    }
    if (length >= 0 && length <= WHOLE_ANSWER_LIMIT) {
      return whole(c, response, request.callId(), (int) length, timedOut);
    }
    Headers out = clientHeaders(response.headers());
    out.set("Fn-Call-Id", request.callId());
    BodyInputStream body = response.body();
    byte[] first = null;
    int firstLength = 0;
    if (length < 0) {
      // No declared length. With a response limit, read up to it first, so that an oversized answer
      // is still a clean 502; without one, read what the first chunk brings (or a small answer that
      // ends with the connection). Either way an answer known to be whole by then goes to the
      // client in one write.
      try {
        if (limit > 0) {
          first = body.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
          if (first.length > limit) {
            return Outcome.failed(CallError.RESPONSE_TOO_LARGE, CallError.RESPONSE_TOO_LARGE.message());
          }
          firstLength = first.length;
        } else if (!body.leavesConnectionReusable()) {
          // Ended by the function closing the connection (Fn's Java FDK answers so): read a small
          // answer to its end, so that the client gets it with a Content-Length, as from Fn.
          first = body.readNBytes(WHOLE_ANSWER_LIMIT + 1);
          firstLength = first.length;
        } else {
          first = buffers.take(); // a borrowed buffer: copied out of or given back below
          firstLength = Math.max(0, body.read(first, 0, first.length));
        }
        if (body.endsHere() && body.read() < 0) {
          byte[] whole = Arrays.copyOf(first, firstLength);
          buffers.release(first);
          return whole(out, whole);
        }
      } catch (IOException e) {
        buffers.release(first);
        return broken(c, timedOut);
      }
    }
    byte[] buf = first != null && first.length == COPY_BUFFER ? first : buffers.take();
    try {
      OutputStream client;
      try {
        client = sink.commit(200, out, length);
        if (first != null) {
          client.write(first, 0, firstLength);
        }
      } catch (IOException e) {
        Outcome gone = Outcome.failed(CallError.CLIENT_GONE, CallError.CLIENT_GONE.message());
        return drained(response) ? gone.keep() : gone;
      }
      return copy(c, body, client, buf, limit, timedOut);
    } finally {
      buffers.release(buf);
    }
  }

  /**
   * The container's response headers as the client gets them: end to end only, in one copy, and
   * without {@code Date}: the HTTP front dates every answer itself, and an answer carries one
   * {@code Date} (FDKs built on an HTTP server, Fn's Go FDK among them, add their own).
   */
  private static Headers clientHeaders(HttpHeaders container) {
    Headers out = new Headers();
    Headers.copyEndToEnd(container::forEach, (name, value) -> {
      if (!name.equalsIgnoreCase("Date")) {
        out.add(name, value);
      }
    });
    return out;
  }

  /** A whole answer, the container's side of it fully read, for the agent to send. */
  private static Outcome whole(Headers headers, byte[] body) {
    return new Outcome(200, null, null, false, true, new Whole(headers, body), null);
  }

  /**
   * A small answer of declared length: read whole from the container, to be handed to the client in
   * one write (head and body together) — most answers are like this, and it saves the client's
   * connection a second write and the HTTP front a second round of its machinery.
   */
  private Outcome whole(FunctionContainer c, UdsResponse response, String callId, int length,
      AtomicBoolean timedOut) {
    byte[] body;
    try {
      body = response.body().readNBytes(length);
      if (body.length < length) {
        return broken(c, timedOut);
      }
    } catch (IOException e) {
      return broken(c, timedOut);
    }
    Headers out = clientHeaders(response.headers());
    out.set("Fn-Call-Id", callId);
    return whole(out, body);
  }

  /** Streams the body; failures here happen after the status was sent, so they cut the response. */
  private Outcome copy(FunctionContainer c, BodyInputStream body, OutputStream client, byte[] buf, long limit,
      AtomicBoolean timedOut) {
    long total = 0;
    while (true) {
      int n;
      try {
        n = body.read(buf, 0, buf.length);
      } catch (IOException e) {
        return broken(c, timedOut).afterCommit();
      }
      if (n < 0) {
        break;
      }
      total += n;
      if (limit > 0 && total > limit) {
        return Outcome.failed(CallError.RESPONSE_TOO_LARGE, CallError.RESPONSE_TOO_LARGE.message()).afterCommit();
      }
      try {
        client.write(buf, 0, n);
      } catch (IOException e) {
        return Outcome.failed(CallError.CLIENT_GONE, CallError.CLIENT_GONE.message()).afterCommit();
      }
    }
    try {
      client.flush();
    } catch (IOException e) {
      return Outcome.failed(CallError.CLIENT_GONE, CallError.CLIENT_GONE.message()).afterCommit().keep();
    }
    return new Outcome(200, null, null, true, true);
  }

  private Outcome broken(FunctionContainer c, AtomicBoolean timedOut) {
    if (timedOut.get()) {
      return Outcome.failed(CallError.TIMED_OUT, CallError.TIMED_OUT.message());
    }
    return diagnose.apply(c);
  }

  private static boolean drained(UdsResponse response) {
    try {
      return response.body().drain(DRAIN_LIMIT);
    } catch (IOException e) {
      return false;
    }
  }
}
