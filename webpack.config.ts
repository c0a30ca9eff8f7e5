// Extends the create-plugin webpack config (.config/ stays as scaffolded): the nested data source
// and panel plugins need their own logos and READMEs next to their plugin.json in dist/, and the
// app ships the dashboards it includes.
import path from 'node:path';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config.ts';

const NESTED = ['datasource', 'panels/record'];

const config = async (env: Env): Promise<Configuration> => {
  const base = await grafanaConfig(env);
  return {
    ...base,
    // The contract workspace is bundled from its TypeScript source (its dist/ is the backend's).
    resolve: {
      ...base.resolve,
      alias: { ...(base.resolve?.alias as object), '@runlens/contract': path.resolve(__dirname, 'contract/src') },
    },
    plugins: [
      ...(base.plugins ?? []),
      new CopyWebpackPlugin({
        patterns: [
          ...NESTED.flatMap((dir) => [
            { from: `${dir}/img`, to: `${dir}/img` },
            { from: `${dir}/README.md`, to: dir },
          ]),
          // The provisioned dashboards (repo root dashboards/) ship in the app too (plugin.json includes).
          { from: '../dashboards/*.json', to: 'dashboards/[name][ext]' },
        ],
      }),
    ],
  };
};

export default config;
