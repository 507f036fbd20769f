import { z } from 'zod';

/** Where a password lives: an environment variable or a file; never the password itself. */
export const secretRefSchema = z.union([
  z.object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name') }).strict(),
  z.object({ file: z.string().min(1, 'must be a file path') }).strict(),
]);

/** Connection details of one baseboard management controller. */
export const bmcSchema = z
  .object({
    address: z.string().min(1, 'must be a host name or IP address'),
    port: z.number().int().min(1).max(65535).optional(),
    protocol: z.enum(['ipmi', 'redfish']),
    credentials: z
      .object({
        username: z.string().min(1),
        password: secretRefSchema,
      })
      .strict(),
    /** IPMI lanplus cipher suite (`-C`); 3 and 17 are the common ones. */
    cipherSuite: z.number().int().min(0).max(17).optional(),
    /** Redfish only: `https` (default) or `http` (simulators, lab BMCs behind a proxy). */
    scheme: z.enum(['https', 'http']).optional(),
    /** Redfish only: `verify: false` skips certificate checks (self-signed BMC certificates); a warning is printed once per host. */
    tls: z.object({ verify: z.boolean() }).strict().optional(),
    /** Redfish only: the ComputerSystem `@odata.id` this host is, when one BMC serves several systems (default: the first). */
    system: z.string().startsWith('/', 'must be an @odata.id path such as /redfish/v1/Systems/System.Embedded.1').optional(),
  })
  .strict();

/**
 * The chassis as the replica printer needs it (docs/printing.md): height in rack units, depth,
 * front drive bays, power supplies, asset tag. Optional: only `swaybot replica` needs it, and it
 * then says which host lacks what.
 */
export const chassisSchema = z
  .object({
    /** Height in rack units (1U = 44.45 mm). */
    units: z.number().int().min(1, 'must be at least 1U').max(10, 'must be at most 10U (a server, not a rack)'),
    /** Depth of the body, mm (without the rack ears and handles). */
    depth: z.number().positive('must be a positive depth in mm').max(1200, 'must be at most 1200 mm'),
    /** Front drive bays (recesses on the bezel). */
    driveBays: z.number().int().min(0).max(48).default(0),
    /** Power supplies (modules at the back). */
    psus: z.number().int().min(0).max(8).default(2),
    /** Embossed on the bezel's label; default the host name. */
    assetTag: z.string().min(1).max(32).optional(),
  })
  .strict();

/** One host of the fleet. */
export const hostSchema = z
  .object({
    bmc: bmcSchema,
    rack: z.string().min(1),
    position: z.number().int().min(0),
    vendor: z.string().min(1),
    model: z.string().min(1),
    chassis: chassisSchema.optional(),
  })
  .strict();

/** A rack: its height in units (hosts' `position` counts from 1 at the bottom). */
export const rackSchema = z
  .object({
    units: z.number().int().min(1, 'must be at least 1U').max(60, 'must be at most 60U (the tallest racks sold are 58U)'),
  })
  .strict();

/** The inventory file: `hosts:` mapping host names to hosts, and optionally `racks:` by name. */
export const inventorySchema = z
  .object({
    hosts: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'host names use letters, digits, . _ -'), hostSchema),
    racks: z.record(z.string().min(1), rackSchema).optional(),
  })
  .strict();

export type SecretRef = z.infer<typeof secretRefSchema>;
export type BmcConfig = z.infer<typeof bmcSchema>;
export type HostConfig = z.infer<typeof hostSchema>;
export type ChassisConfig = z.infer<typeof chassisSchema>;
export type RackConfig = z.infer<typeof rackSchema>;
export type InventoryFile = z.infer<typeof inventorySchema>;
