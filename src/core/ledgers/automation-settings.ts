export interface AutomationSetting {
  automation: string;
  paused: boolean;
  changedBy: string | null;
  reason: string | null;
  updatedAt: string;
}

export interface AutomationSettings {
  list(): Promise<AutomationSetting[]>;
  isPaused(automation: string): Promise<boolean>;
  setPaused(automation: string, paused: boolean, by: string, reason?: string): Promise<void>;
}
