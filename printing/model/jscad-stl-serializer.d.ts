// Types for @jscad/stl-serializer (it ships none): the tests cross-check our STL writer with it.
declare module '@jscad/stl-serializer' {
  /** STL of JSCAD solids: binary (default) as ArrayBuffers to concatenate, or ASCII text. */
  export function serialize(options: { binary?: boolean; statusCallback?: ((status: { progress: number }) => void) | null }, ...objects: unknown[]): (ArrayBuffer | string)[];
  export const mimeType: string;
}
