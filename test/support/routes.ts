import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { IS_PUBLIC, ROLES } from '@app/auth';

export interface DiscoveredRoute {
  method: string;
  path: string;
  handler: string;
  isPublic: boolean;
  roles: string[] | undefined;
}

/** Every controller route of the running app, read from Nest's own metadata. */
export function discoverRoutes(app: INestApplication): DiscoveredRoute[] {
  const discovery = app.get(DiscoveryService);
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const routes: DiscoveredRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: unknown[]) => object) | undefined;
    if (!controller || !wrapper.instance) continue;
    const base = normalizePaths(Reflect.getMetadata(PATH_METADATA, controller));
    const prototype = Object.getPrototypeOf(wrapper.instance);
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      const methodPaths = Reflect.getMetadata(PATH_METADATA, handler);
      if (methodPaths === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      for (const prefix of base) {
        for (const suffix of normalizePaths(methodPaths)) {
          const path = `/${[prefix, suffix].filter(Boolean).join('/')}`.replace(/\/+/g, '/');
          routes.push({
            method,
            path,
            handler: `${controller.name}.${name}`,
            isPublic: Boolean(reflector.getAllAndOverride(IS_PUBLIC, [handler, controller])),
            roles: reflector.getAllAndOverride(ROLES, [handler, controller]),
          });
        }
      }
    }
  }
  return routes;
}

function normalizePaths(value: string | string[] | undefined): string[] {
  const list = Array.isArray(value) ? value : [value ?? ''];
  return list.map((p) => p.replace(/^\/|\/$/g, ''));
}

/** Replaces `:param` segments with a well-formed id that matches nothing. */
export function concretePath(path: string): string {
  return path.replace(/:[A-Za-z_]+/g, '0123456789abcdef01234567');
}
