/**
 * The peer's side of the chaincode protocol, just enough to drive the real chaincode server
 * (`fabric-chaincode-node server`, what `npm start` runs) over real gRPC: it answers REGISTER,
 * sends TRANSACTION messages carrying a signed proposal from a given certificate, serves
 * GET_STATE / PUT_STATE / range queries from a sorted in-memory state, and applies a
 * transaction's writes only when it completes with status 200, as a commit would (a peer
 * never shows a transaction its own uncommitted writes).
 */
import { credentials, type ClientDuplexStream } from '@grpc/grpc-js';
import { common, ledger, msp, peer } from '@hyperledger/fabric-protos';

type Msg = peer.ChaincodeMessage;
const T = peer.ChaincodeMessage.Type;

export interface TxResult {
  status: number;
  message: string;
  payload: string;
  event?: { name: string; payload: string };
}

export class FakePeer {
  readonly state = new Map<string, Uint8Array>();
  #stream: ClientDuplexStream<Msg, Msg> | undefined;
  #client: peer.ChaincodeClient;
  #pending = new Map<string, { writes: Map<string, Uint8Array>; done: (r: TxResult) => void }>();
  #tx = 0;
  #registered: Promise<void>;

  constructor(address: string) {
    this.#client = new peer.ChaincodeClient(address, credentials.createInsecure());
    this.#registered = new Promise((resolve, reject) => {
      const stream = this.#client.connect();
      this.#stream = stream;
      stream.on('error', reject);
      stream.on('data', (m: Msg) => {
        if (m.getType() === T.REGISTER) {
          stream.write(this.#msg(T.REGISTERED, new Uint8Array(), '', ''));
          stream.write(this.#msg(T.READY, new Uint8Array(), '', ''));
          resolve();
        } else this.#serve(m);
      });
    });
  }

  ready(): Promise<void> {
    return this.#registered;
  }

  #msg(type: number, payload: Uint8Array, txid: string, channel: string): Msg {
    const m = new peer.ChaincodeMessage();
    m.setType(type as peer.ChaincodeMessage.TypeMap[keyof peer.ChaincodeMessage.TypeMap]);
    m.setPayload(payload);
    m.setTxid(txid);
    m.setChannelId(channel);
    return m;
  }

  #reply(m: Msg, payload: Uint8Array): void {
    this.#stream?.write(this.#msg(T.RESPONSE, payload, m.getTxid(), m.getChannelId()));
  }

  #serve(m: Msg): void {
    const tx = this.#pending.get(m.getTxid());
    if (!tx) return;
    switch (m.getType()) {
      case T.GET_STATE: {
        const key = peer.GetState.deserializeBinary(m.getPayload_asU8()).getKey();
        return this.#reply(m, this.state.get(key) ?? new Uint8Array());
      }
      case T.PUT_STATE: {
        const put = peer.PutState.deserializeBinary(m.getPayload_asU8());
        tx.writes.set(put.getKey(), put.getValue_asU8());
        return this.#reply(m, new Uint8Array());
      }
      case T.GET_STATE_BY_RANGE: {
        const range = peer.GetStateByRange.deserializeBinary(m.getPayload_asU8());
        const [start, end] = [range.getStartkey(), range.getEndkey()];
        const response = new peer.QueryResponse();
        response.setId('q');
        response.setHasMore(false);
        for (const key of [...this.state.keys()].filter((k) => k >= start && k < end).sort()) {
          const kv = new ledger.queryresult.KV();
          kv.setNamespace('swaybot-ledger');
          kv.setKey(key);
          kv.setValue(this.state.get(key) as Uint8Array);
          const bytes = new peer.QueryResultBytes();
          bytes.setResultbytes(kv.serializeBinary());
          response.addResults(bytes);
        }
        return this.#reply(m, response.serializeBinary());
      }
      case T.QUERY_STATE_CLOSE:
        return this.#reply(m, new peer.QueryResponse().serializeBinary());
      case T.COMPLETED: {
        const response = peer.Response.deserializeBinary(m.getPayload_asU8());
        const event = m.getChaincodeEvent();
        this.#pending.delete(m.getTxid());
        if (response.getStatus() === 200) {
          for (const [k, v] of tx.writes) {
            if (v.length === 0) this.state.delete(k);
            else this.state.set(k, v);
          }
        }
        return tx.done({
          status: response.getStatus(),
          message: response.getMessage(),
          payload: Buffer.from(response.getPayload_asU8()).toString('utf8'),
          ...(event ? { event: { name: event.getEventName(), payload: Buffer.from(event.getPayload_asU8()).toString('utf8') } } : {}),
        });
      }
      default:
        this.#stream?.write(this.#msg(T.ERROR, Buffer.from(`fake peer: unsupported message ${m.getType()}`), m.getTxid(), m.getChannelId()));
    }
  }

  /** Runs `fn(args)` as the identity with `certPem` of `mspId`; resolves with the chaincode's response. */
  invoke(mspId: string, certPem: Uint8Array, fn: string, ...args: string[]): Promise<TxResult> {
    const txid = `tx${++this.#tx}`;
    const creator = new msp.SerializedIdentity();
    creator.setMspid(mspId);
    creator.setIdBytes(certPem);
    const sigHeader = new common.SignatureHeader();
    sigHeader.setCreator(creator.serializeBinary());
    sigHeader.setNonce(Buffer.from(`nonce-${txid}`));
    const chHeader = new common.ChannelHeader();
    chHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
    chHeader.setTxId(txid);
    chHeader.setChannelId('swaybot');
    const header = new common.Header();
    header.setChannelHeader(chHeader.serializeBinary());
    header.setSignatureHeader(sigHeader.serializeBinary());
    const ccpp = new peer.ChaincodeProposalPayload();
    ccpp.setInput(Buffer.from('input'));
    const proposal = new peer.Proposal();
    proposal.setHeader(header.serializeBinary());
    proposal.setPayload(ccpp.serializeBinary());
    const signed = new peer.SignedProposal();
    signed.setProposalBytes(proposal.serializeBinary());
    signed.setSignature(Buffer.from('not checked by the shim'));
    const input = new peer.ChaincodeInput();
    input.setArgsList([fn, ...args].map((a) => Buffer.from(a)));
    const m = this.#msg(T.TRANSACTION, input.serializeBinary(), txid, 'swaybot');
    m.setProposal(signed);
    return new Promise((done) => {
      this.#pending.set(txid, { writes: new Map(), done });
      this.#stream?.write(m);
    });
  }

  close(): void {
    this.#stream?.end();
    this.#client.close();
  }
}
